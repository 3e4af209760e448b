import type { ConsentPolicy } from './consent-policy';
import type { ConsentState, ContactChannel, ContactDecision, ContactPurpose } from './consent.types';
import { isProfessionalEmail } from './professional-address';

export type SuppressionReason =
  'unsubscribed' | 'hard_bounce' | 'soft_bounces' | 'spam_complaint' | 'erased' | 'do_not_call' | 'manual';

/** What the decision needs to know about the contact. */
export interface ContactFacts {
  type: 'person' | 'company';
  email: string | null;
  phone: string | null;
  hasPostalAddress: boolean;
  erased: boolean;
  /** Has bought at least once (soft opt-in). */
  isCustomer: boolean;
  /** IANA zone for the calling windows. */
  timezone: string;
}

/** The ledger and list state for one contact on the channel in question. */
export interface ChannelFacts {
  /** Latest ledger event on this channel, if any. */
  state?: ConsentState;
  /** Suppression reasons that match the channel's address (keyed hash of the e-mail or phone). */
  suppressions: SuppressionReason[];
  /** Marketing calls already made in the last 30 days (telephone). */
  callsLast30Days: number;
}

export interface CampaignFlags {
  /** The message relates to the recipient's profession (B2B exception). */
  professional?: boolean;
  /** Products analogous to what the customer bought (soft opt-in). */
  softOptIn?: boolean;
  /**
   * Putting a contact on a call list is not calling them: the calling windows apply when the
   * agent calls (the list only proposes slots inside them), not when the list is built.
   */
  listOnly?: boolean;
}

/** Bounces make an address unusable even for service messages; an objection does not stop those. */
const BLOCKS_SERVICE: ReadonlySet<SuppressionReason> = new Set(['hard_bounce', 'soft_bounces', 'erased']);

function hasAddress(facts: ContactFacts, channel: ContactChannel): boolean {
  switch (channel) {
    case 'email':
      return Boolean(facts.email);
    case 'sms':
    case 'phone':
      return Boolean(facts.phone);
    case 'postal':
      return facts.hasPostalAddress;
  }
}

/** ISO weekday (1 = Monday) and `HH:MM` of an instant in a time zone. */
export function localClock(at: Date, timeZone: string): { weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, time: `${get('hour')}:${get('minute')}` };
}

/** Whether a granted event is real consent under the policy (terms acceptance, soft opt-in notices are not). */
export function countsAsConsent(policy: ConsentPolicy, state: ConsentState | undefined): boolean {
  return Boolean(
    state &&
    state.status === 'granted' &&
    state.legalBasis === 'consent' &&
    policy.acceptedMethods.includes(state.method),
  );
}

/** The effective state the segment field `consent.<channel>` reads: granted, withdrawn, or none. */
export function effectiveConsent(
  policy: ConsentPolicy,
  state: ConsentState | undefined,
): 'granted' | 'withdrawn' | 'none' {
  if (state?.status === 'withdrawn') return 'withdrawn';
  return countsAsConsent(policy, state) ? 'granted' : 'none';
}

/**
 * The one decision: may this contact be reached on this channel for this purpose at this instant?
 * A pure function of the ledger state, the suppression list and the policy. Every send path calls
 * it twice: when the audience is built, and again immediately before the transport sends.
 */
export function canContact(
  policy: ConsentPolicy,
  contact: ContactFacts,
  channel: ContactChannel,
  purpose: ContactPurpose,
  at: Date,
  facts: ChannelFacts,
  flags: CampaignFlags = {},
): ContactDecision {
  if (contact.erased) return { allowed: false, reason: 'erased' };
  if (!hasAddress(contact, channel)) return { allowed: false, reason: 'invalid_address' };

  if (purpose === 'service') {
    return facts.suppressions.some((reason) => BLOCKS_SERVICE.has(reason))
      ? { allowed: false, reason: 'suppressed' }
      : { allowed: true, basis: 'service' };
  }

  const doNotCall = facts.suppressions.includes('do_not_call');
  if (facts.suppressions.some((reason) => reason !== 'do_not_call')) return { allowed: false, reason: 'suppressed' };
  const isPerson = contact.type === 'person';
  if (doNotCall && channel === 'phone' && isPerson && policy.phone.doNotCallList)
    return { allowed: false, reason: 'do_not_call' };
  if (facts.state?.status === 'withdrawn') return { allowed: false, reason: 'withdrawn' };

  const rule = (isPerson ? policy.persons : policy.companies)[channel];
  let basis: 'consent' | 'soft_opt_in' | 'professional' | 'opt_out';
  if (rule.basis === 'opt_out') basis = 'opt_out';
  else if (countsAsConsent(policy, facts.state)) basis = 'consent';
  else if (
    channel === 'email' &&
    !isPerson &&
    flags.professional &&
    policy.professionalEmailOptOut &&
    contact.email &&
    isProfessionalEmail(contact.email)
  )
    basis = 'professional';
  else if (
    flags.softOptIn &&
    policy.softOptInChannels.includes(channel) &&
    contact.isCustomer &&
    facts.state?.status === 'granted' &&
    facts.state.legalBasis === 'soft_opt_in'
  )
    basis = 'soft_opt_in';
  else return { allowed: false, reason: 'no_consent' };

  if (channel === 'phone' && isPerson) {
    const refusal = phoneRefusal(policy, contact, at, facts, flags);
    if (refusal) return refusal;
  }
  return { allowed: true, basis };
}

/** A person's phone: refused outside the calling hours (unless only listed) or past the monthly call limit. */
function phoneRefusal(
  policy: ConsentPolicy,
  contact: ContactFacts,
  at: Date,
  facts: ChannelFacts,
  flags: CampaignFlags,
): ContactDecision | undefined {
  const windows = policy.phone.callingWindows;
  if (windows.length && !flags.listOnly) {
    const clock = localClock(at, contact.timezone);
    if (
      !windows.some(
        (window) => window.days.includes(clock.weekday) && clock.time >= window.from && clock.time < window.to,
      )
    ) {
      return { allowed: false, reason: 'outside_calling_hours' };
    }
  }
  if (policy.phone.maxCallsPer30Days > 0 && facts.callsLast30Days >= policy.phone.maxCallsPer30Days)
    return { allowed: false, reason: 'call_limit' };
  return undefined;
}
