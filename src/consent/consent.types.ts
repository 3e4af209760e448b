/** The vocabulary of consent, shared by the ledger, the policy and the decision function. */

export const CONTACT_CHANNELS = ['email', 'sms', 'phone', 'postal'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** `tracking` is not a way to reach someone but a purpose (individual open/click tracking) with its own consent. */
export const LEDGER_CHANNELS = [...CONTACT_CHANNELS, 'tracking'] as const;
export type LedgerChannel = (typeof LEDGER_CHANNELS)[number];

export const CONSENT_STATUSES = ['granted', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** How a consent or objection was collected. The first five are those of the public CSV contract. */
export const CONSENT_METHODS = [
  'checkbox',
  'double_opt_in',
  'paper_form',
  'verbal',
  'terms_acceptance',
  'unsubscribe_link',
  'reply_stop',
  'coupon',
  'preference_centre',
  'complaint',
  'api',
  'import',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const LEGAL_BASES = ['consent', 'soft_opt_in', 'legitimate_interest', 'contract', 'objection'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Marketing needs a right to contact; service messages (acknowledgements, double opt-in) do not. */
export type ContactPurpose = 'marketing' | 'service';

export const REFUSAL_REASONS = [
  'no_consent',
  'withdrawn',
  'suppressed',
  'do_not_call',
  'invalid_address',
  'erased',
  'outside_calling_hours',
  'call_limit',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Why a contact may be reached: the legal ground the decision rests on. */
export type ContactBasis = 'consent' | 'soft_opt_in' | 'professional' | 'opt_out' | 'service';

export type ContactDecision = { allowed: true; basis: ContactBasis } | { allowed: false; reason: RefusalReason };

/** The latest ledger event of one contact on one channel. */
export interface ConsentState {
  status: ConsentStatus;
  method: ConsentMethod;
  legalBasis: LegalBasis;
  collectedAt: Date;
}

/** `letter` campaigns go by post; everything else is its own channel. */
export function channelOf(deliveryChannel: string): ContactChannel {
  if (deliveryChannel === 'letter') return 'postal';
  if ((CONTACT_CHANNELS as readonly string[]).includes(deliveryChannel)) return deliveryChannel as ContactChannel;
  throw new Error(`unknown channel "${deliveryChannel}"`);
}
