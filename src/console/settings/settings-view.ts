import type { ConsentPolicy } from '../../consent/consent-policy';

export interface ConfigurationRow {
  name: string;
  value: string;
  masked: boolean;
}

/** Variables relance reads besides its RELANCE_* ones (docs/configuration.md). */
const OTHER_VARIABLES = ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'SMTP_URL', 'SMS_URL', 'SMS_AUTH_HEADER', 'SMS_SENDER', 'SMS_STOP_NUMBER', 'PUBLIC_URL', 'PORT', 'SECRET_KEY', 'LOG_LEVEL'];
/** A variable whose name says it holds a secret shows only that it is set. */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|PRIVATE_KEY|AUTH/;
export const MASK = '••••••••';

/** A URL with its password and every query value masked (an SMS gateway's key often travels in the query string). */
function maskUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!url.host) return undefined;
  const keys = [...url.searchParams.keys()];
  // Nothing to hide: the value as written (URL would add a trailing slash).
  if (url.password === '' && keys.length === 0) return value;
  if (url.password !== '') url.password = 'MASKED';
  for (const key of keys) url.searchParams.set(key, 'MASKED');
  return url.toString().replaceAll('MASKED', MASK);
}

/**
 * The configuration that is set, as Paramètres shows it: each variable relance reads that has a
 * value, secrets masked (never sent to the browser), URLs without their credentials.
 */
export function configurationRows(env: Record<string, string | undefined>): ConfigurationRow[] {
  const names = Object.keys(env).filter((name) => (name.startsWith('RELANCE_') && !name.startsWith('RELANCE_TEST_')) || OTHER_VARIABLES.includes(name));
  return names
    .filter((name) => (env[name] ?? '').trim() !== '')
    .sort()
    .map((name) => {
      const value = env[name]!.trim();
      if (SECRET_NAME.test(name)) return { name, value: MASK, masked: true };
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrl(value) : undefined;
      return url === undefined ? { name, value, masked: false } : { name, value: url, masked: url !== value };
    });
}

export interface ConsentPolicyView {
  name: string;
  description: string;
  channels: Array<{ channel: string; persons: string; companies: string }>;
  acceptedMethods: string[];
  professionalEmailOptOut: boolean;
  softOptInChannels: string[];
  doNotCallList: boolean;
  callingWindows: string[];
  maxCallsPer30Days: number;
  trackingRequiresConsent: boolean;
}

const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });
/** ISO weekday (1 = Monday) in French; 2024-01-01 was a Monday. */
function dayName(day: number): string {
  return weekday.format(new Date(Date.UTC(2024, 0, day)));
}

/** `lundi au vendredi, 10:00–13:00`, `samedi, 10:00–12:00`, `lundi, mercredi, 09:00–12:00`. */
export function callingWindowText(window: { days: number[]; from: string; to: string }): string {
  const days = [...window.days].sort((a, b) => a - b);
  const consecutive = days.length > 2 && days.every((day, index) => index === 0 || day === days[index - 1] + 1);
  const names = consecutive ? `${dayName(days[0])} au ${dayName(days[days.length - 1])}` : days.map(dayName).join(', ');
  return `${names}, ${window.from}–${window.to}`;
}

/** The policy in force, as data the Paramètres template words in French (codes for channels and bases, French for days). */
export function consentPolicyView(policy: ConsentPolicy): ConsentPolicyView {
  return {
    name: policy.name,
    description: policy.description,
    channels: (['email', 'sms', 'phone', 'postal'] as const).map((channel) => ({ channel, persons: policy.persons[channel].basis, companies: policy.companies[channel].basis })),
    acceptedMethods: [...policy.acceptedMethods],
    professionalEmailOptOut: policy.professionalEmailOptOut,
    softOptInChannels: [...policy.softOptInChannels],
    doNotCallList: policy.phone.doNotCallList,
    callingWindows: policy.phone.callingWindows.map(callingWindowText),
    maxCallsPer30Days: policy.phone.maxCallsPer30Days,
    trackingRequiresConsent: policy.trackingRequiresConsent,
  };
}
