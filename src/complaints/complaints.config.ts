import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../core/config/relance-config';
import { hasHolidayCalendar } from './working-calendar';

type Env = Record<string, string | undefined>;

export interface ComplaintsSettings {
  /** Coding lists for qualification (RELANCE_COMPLAINT_CAUSES / _CATEGORIES, comma-separated). */
  causes: string[];
  categories: string[];
  /** Country whose public holidays count when the contact's country has no calendar (RELANCE_COUNTRY, else RELANCE_DEFAULT_COUNTRY). */
  country: string;
  /** Who is told when a complaint passes its due date (besides its owner). */
  escalationEmail?: string;
  /** Compensation total above which a closed complaint also gets a follow-up call. */
  callThreshold: number;
  /** Days after closure for the follow-up call of a serious case. */
  callAfterDays: number;
}

const DEFAULT_CAUSES = [
  'delivery_delay',
  'product_defect',
  'billing_error',
  'reception',
  'after_sales',
  'missing_information',
  'other',
];
const DEFAULT_CATEGORIES = ['product', 'service', 'delivery', 'billing', 'staff', 'other'];

function list(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const values = raw
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (!values.length) throw new ConfigError(name, 'must list at least one value, comma-separated');
  return values;
}

export function loadComplaintsSettings(env: Env = process.env): ComplaintsSettings {
  const country = (env.RELANCE_COUNTRY?.trim() || env.RELANCE_DEFAULT_COUNTRY?.trim() || 'FR').toUpperCase();
  if (!hasHolidayCalendar(country))
    throw new ConfigError(
      'RELANCE_COUNTRY',
      `must be an ISO country code with a public-holiday calendar (got "${country}")`,
    );
  const escalationEmail = env.RELANCE_COMPLAINTS_ESCALATION_EMAIL?.trim() || undefined;
  if (escalationEmail && !/^[^@\s<>,]+@[^@\s<>,]+\.[a-z]{2,}$/i.test(escalationEmail)) {
    throw new ConfigError(
      'RELANCE_COMPLAINTS_ESCALATION_EMAIL',
      `must be an e-mail address (got "${escalationEmail}")`,
    );
  }
  const threshold = Number(env.RELANCE_COMPLAINTS_CALL_THRESHOLD?.trim() || '500');
  if (!Number.isFinite(threshold) || threshold < 0)
    throw new ConfigError('RELANCE_COMPLAINTS_CALL_THRESHOLD', 'must be a non-negative amount');
  const after = Number(env.RELANCE_COMPLAINTS_CALL_AFTER_DAYS?.trim() || '15');
  if (!Number.isInteger(after) || after < 0 || after > 365)
    throw new ConfigError('RELANCE_COMPLAINTS_CALL_AFTER_DAYS', 'must be a whole number of days from 0 to 365');
  return {
    causes: list(env, 'RELANCE_COMPLAINT_CAUSES', DEFAULT_CAUSES),
    categories: list(env, 'RELANCE_COMPLAINT_CATEGORIES', DEFAULT_CATEGORIES),
    country,
    escalationEmail,
    callThreshold: threshold,
    callAfterDays: after,
  };
}

/** The `complaints` configuration namespace, validated at boot. */
export const complaintsConfig = registerAs('complaints', () => loadComplaintsSettings(process.env));
export type ComplaintsConfigType = ConfigType<typeof complaintsConfig>;
