import type { ConsentMethod, ContactChannel } from './consent.types';

/** Injection token of the active policy (RELANCE_CONSENT_POLICY). */
export const CONSENT_POLICY = Symbol('CONSENT_POLICY');

/**
 * A consent policy is data: which channels need prior consent (opt-in) and which only
 * respect an objection (opt-out), which collection methods count as consent, when the
 * B2B and soft opt-in exceptions apply, and the telephone rules. Profiles for France (CNIL)
 * and Morocco (CNDP, law 09-08) are built in; others can be given as JSON.
 */
export interface ChannelRule {
  /** opt_in: only with granted consent by an accepted method. opt_out: allowed unless the person objected. */
  basis: 'opt_in' | 'opt_out';
}

export interface CallingWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local wall-clock times, `HH:MM`, end excluded. */
  from: string;
  to: string;
}

export interface ConsentPolicy {
  name: string;
  description: string;
  /** Rules for persons (B2C), by channel. */
  persons: Record<ContactChannel, ChannelRule>;
  /** Rules for company contacts (B2B), by channel. */
  companies: Record<ContactChannel, ChannelRule>;
  /** Methods that count as consent. Accepting terms and conditions never does under the CNIL. */
  acceptedMethods: ConsentMethod[];
  /** B2B: e-mail to a professional address, about the person's profession (campaign flag), allowed unless they objected. */
  professionalEmailOptOut: boolean;
  /** Existing customers, analogous products (campaign flag), informed and able to object at collection. */
  softOptInChannels: ContactChannel[];
  phone: {
    /** Check numbers against the imported do-not-call list (Bloctel-style). */
    doNotCallList: boolean;
    /** Marketing calls to persons only inside these windows (empty: no restriction). */
    callingWindows: CallingWindow[];
    /** At most this many marketing calls per person per rolling 30 days (0: no limit). */
    maxCallsPer30Days: number;
  };
  /** Individual open/click tracking needs the person's consent (channel `tracking` in the ledger). */
  trackingRequiresConsent: boolean;
}

const CONSENT_METHODS_THAT_COUNT: ConsentMethod[] = [
  'checkbox',
  'double_opt_in',
  'paper_form',
  'verbal',
  'api',
  'preference_centre',
];

export const FRANCE_CNIL: ConsentPolicy = {
  name: 'fr-cnil',
  description:
    'France / CNIL: prior consent by a specific act for e-mail, SMS and (since 11 August 2026) telephone prospecting of persons; ' +
    'postal mail opt-out; B2B e-mail opt-out at a professional address about the job; soft opt-in for e-mail and SMS to customers; ' +
    'Bloctel list, calling hours Monday–Friday 10:00–13:00 and 14:00–20:00, at most 4 calls per 30 days.',
  persons: {
    email: { basis: 'opt_in' },
    sms: { basis: 'opt_in' },
    phone: { basis: 'opt_in' },
    postal: { basis: 'opt_out' },
  },
  companies: {
    email: { basis: 'opt_in' },
    sms: { basis: 'opt_in' },
    phone: { basis: 'opt_out' },
    postal: { basis: 'opt_out' },
  },
  acceptedMethods: CONSENT_METHODS_THAT_COUNT,
  professionalEmailOptOut: true,
  softOptInChannels: ['email', 'sms'],
  phone: {
    doNotCallList: true,
    callingWindows: [
      { days: [1, 2, 3, 4, 5], from: '10:00', to: '13:00' },
      { days: [1, 2, 3, 4, 5], from: '14:00', to: '20:00' },
    ],
    maxCallsPer30Days: 4,
  },
  trackingRequiresConsent: true,
};

export const MOROCCO_CNDP: ConsentPolicy = {
  name: 'ma-cndp',
  description:
    'Morocco / CNDP, law 09-08 article 10: prior consent for e-mail and SMS prospecting (and automated calls); human calls and ' +
    'postal mail opt-out; soft opt-in for e-mail only.',
  persons: {
    email: { basis: 'opt_in' },
    sms: { basis: 'opt_in' },
    phone: { basis: 'opt_out' },
    postal: { basis: 'opt_out' },
  },
  companies: {
    email: { basis: 'opt_in' },
    sms: { basis: 'opt_in' },
    phone: { basis: 'opt_out' },
    postal: { basis: 'opt_out' },
  },
  acceptedMethods: CONSENT_METHODS_THAT_COUNT,
  professionalEmailOptOut: false,
  softOptInChannels: ['email'],
  phone: { doNotCallList: true, callingWindows: [], maxCallsPer30Days: 0 },
  trackingRequiresConsent: false,
};

export const BUILT_IN_POLICIES: Record<string, ConsentPolicy> = {
  [FRANCE_CNIL.name]: FRANCE_CNIL,
  [MOROCCO_CNDP.name]: MOROCCO_CNDP,
};

/** Checks a policy given as JSON (RELANCE_CONSENT_POLICY=/path/policy.json); returns the problems found. */
export function validatePolicy(candidate: unknown): string[] {
  const problems: string[] = [];
  const policy = candidate as Partial<ConsentPolicy>;
  if (!policy || typeof policy !== 'object') return ['the policy must be a JSON object'];
  if (typeof policy.name !== 'string' || !policy.name) problems.push('name: required');
  for (const group of ['persons', 'companies'] as const) {
    for (const channel of ['email', 'sms', 'phone', 'postal'] as const) {
      const basis = policy[group]?.[channel]?.basis;
      if (basis !== 'opt_in' && basis !== 'opt_out')
        problems.push(`${group}.${channel}.basis: must be opt_in or opt_out`);
    }
  }
  if (!Array.isArray(policy.acceptedMethods)) problems.push('acceptedMethods: must be a list of methods');
  else if (policy.acceptedMethods.includes('terms_acceptance'))
    problems.push('acceptedMethods: terms_acceptance is not a valid consent');
  if (typeof policy.professionalEmailOptOut !== 'boolean')
    problems.push('professionalEmailOptOut: must be true or false');
  if (!Array.isArray(policy.softOptInChannels)) problems.push('softOptInChannels: must be a list of channels');
  if (
    !policy.phone ||
    !Array.isArray(policy.phone.callingWindows) ||
    typeof policy.phone.maxCallsPer30Days !== 'number'
  ) {
    problems.push('phone: needs doNotCallList, callingWindows and maxCallsPer30Days');
  } else {
    policy.phone.callingWindows.forEach((window, index) => {
      if (!/^\d\d:\d\d$/.test(window.from) || !/^\d\d:\d\d$/.test(window.to) || window.from >= window.to)
        problems.push(`phone.callingWindows[${index}]: from and to as HH:MM, from < to`);
      if (!Array.isArray(window.days) || !window.days.every((day) => day >= 1 && day <= 7))
        problems.push(`phone.callingWindows[${index}].days: ISO weekdays 1–7`);
    });
  }
  if (typeof policy.trackingRequiresConsent !== 'boolean')
    problems.push('trackingRequiresConsent: must be true or false');
  return problems;
}
