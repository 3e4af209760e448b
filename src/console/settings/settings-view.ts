import type { ConsentPolicy } from '../../consent/consent-policy';

export interface ConfigurationRow {
  name: string;
  value: string;
  masked: boolean;
}

/** A variable relance declares (core/config namespaces): its name, and whether it holds a password or key. */
export interface DeclaredVariable {
  env: string;
  secret: boolean;
}

/** A name that says it holds a secret is masked even when no namespace declares it (a feature's own, a typo). */
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
 * The configuration that is set, as Paramètres shows it: each declared variable that has a value,
 * and any other RELANCE_* one; a secret is masked (never sent to the browser), a URL shown without
 * its password or query values, so a secret one still says which host it points to.
 */
export function configurationRows(
  env: Record<string, string | undefined>,
  declared: readonly DeclaredVariable[],
): ConfigurationRow[] {
  const secret = new Set(declared.filter((variable) => variable.secret).map((variable) => variable.env));
  const known = new Set(declared.map((variable) => variable.env));
  const names = Object.keys(env).filter(
    (name) => known.has(name) || (name.startsWith('RELANCE_') && !name.startsWith('RELANCE_TEST_')),
  );
  return names
    .filter((name) => (env[name] ?? '').trim() !== '')
    .sort()
    .map((name) => {
      const value = env[name]!.trim();
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? maskUrl(value) : undefined;
      if (url !== undefined) return { name, value: url, masked: url !== value };
      if (secret.has(name) || SECRET_NAME.test(name)) return { name, value: MASK, masked: true };
      return { name, value, masked: false };
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
    channels: (['email', 'sms', 'phone', 'postal'] as const).map((channel) => ({
      channel,
      persons: policy.persons[channel].basis,
      companies: policy.companies[channel].basis,
    })),
    acceptedMethods: [...policy.acceptedMethods],
    professionalEmailOptOut: policy.professionalEmailOptOut,
    softOptInChannels: [...policy.softOptInChannels],
    doNotCallList: policy.phone.doNotCallList,
    callingWindows: policy.phone.callingWindows.map(callingWindowText),
    maxCallsPer30Days: policy.phone.maxCallsPer30Days,
    trackingRequiresConsent: policy.trackingRequiresConsent,
  };
}
