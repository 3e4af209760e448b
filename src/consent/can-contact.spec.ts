import fc from 'fast-check';
import {
  canContact,
  effectiveConsent,
  type ChannelFacts,
  type ContactFacts,
  type SuppressionReason,
} from './can-contact';
import { FRANCE_CNIL, MOROCCO_CNDP, type ConsentPolicy } from './consent-policy';
import {
  CONSENT_METHODS,
  CONTACT_CHANNELS,
  LEGAL_BASES,
  type ConsentState,
  type ContactChannel,
} from './consent.types';

// Tuesday 2026-11-24, 11:00 in Paris: inside the French calling windows.
const TUESDAY_11H = new Date('2026-11-24T10:00:00Z');
const person: ContactFacts = {
  type: 'person',
  email: 'zoe@gmail.com',
  phone: '+33612345678',
  hasPostalAddress: true,
  erased: false,
  isCustomer: true,
  timezone: 'Europe/Paris',
};
const company: ContactFacts = { ...person, type: 'company', email: 'achats@atlas-distribution.ma' };
const none: ChannelFacts = { suppressions: [], callsLast30Days: 0 };
const granted = (
  method: ConsentState['method'] = 'checkbox',
  legalBasis: ConsentState['legalBasis'] = 'consent',
): ChannelFacts => ({
  ...none,
  state: { status: 'granted', method, legalBasis, collectedAt: new Date('2026-01-01') },
});
const withdrawn: ChannelFacts = {
  ...none,
  state: {
    status: 'withdrawn',
    method: 'unsubscribe_link',
    legalBasis: 'objection',
    collectedAt: new Date('2026-02-01'),
  },
};

describe('canContact under France / CNIL', () => {
  const decide = (contact: ContactFacts, channel: ContactChannel, facts: ChannelFacts, flags = {}, at = TUESDAY_11H) =>
    canContact(FRANCE_CNIL, contact, channel, 'marketing', at, facts, flags);

  it('needs opt-in consent by a specific act for e-mail, SMS and telephone to persons', () => {
    for (const channel of ['email', 'sms', 'phone'] as const) {
      expect(decide(person, channel, none)).toEqual({ allowed: false, reason: 'no_consent' });
      expect(decide(person, channel, granted('checkbox'))).toEqual({ allowed: true, basis: 'consent' });
      expect(decide(person, channel, granted('double_opt_in'))).toEqual({ allowed: true, basis: 'consent' });
      expect(decide(person, channel, granted('terms_acceptance'))).toEqual({ allowed: false, reason: 'no_consent' });
      expect(decide(person, channel, withdrawn)).toEqual({ allowed: false, reason: 'withdrawn' });
    }
  });

  it('allows postal mail unless the person objected', () => {
    expect(decide(person, 'postal', none)).toEqual({ allowed: true, basis: 'opt_out' });
    expect(decide(person, 'postal', withdrawn)).toEqual({ allowed: false, reason: 'withdrawn' });
    expect(decide({ ...person, hasPostalAddress: false }, 'postal', none)).toEqual({
      allowed: false,
      reason: 'invalid_address',
    });
  });

  it('allows B2B e-mail at a professional address about the job, unless they objected', () => {
    expect(decide(company, 'email', none)).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decide(company, 'email', none, { professional: true })).toEqual({ allowed: true, basis: 'professional' });
    expect(decide(company, 'email', withdrawn, { professional: true })).toEqual({
      allowed: false,
      reason: 'withdrawn',
    });
    expect(decide({ ...company, email: 'gerant.atlas@gmail.com' }, 'email', none, { professional: true })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
    expect(decide(person, 'email', none, { professional: true })).toEqual({ allowed: false, reason: 'no_consent' });
  });

  it('applies soft opt-in only when the campaign says so, to customers informed at collection', () => {
    const notice = granted('checkbox', 'soft_opt_in');
    expect(decide(person, 'email', notice)).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decide(person, 'email', notice, { softOptIn: true })).toEqual({ allowed: true, basis: 'soft_opt_in' });
    expect(decide({ ...person, isCustomer: false }, 'email', notice, { softOptIn: true })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
    expect(decide(person, 'email', none, { softOptIn: true })).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decide(person, 'phone', notice, { softOptIn: true })).toEqual({ allowed: false, reason: 'no_consent' });
  });

  it('checks the do-not-call list, the calling windows and the 4 calls per 30 days', () => {
    expect(decide(person, 'phone', { ...granted(), suppressions: ['do_not_call'] })).toEqual({
      allowed: false,
      reason: 'do_not_call',
    });
    expect(decide(person, 'sms', { ...granted(), suppressions: ['do_not_call'] })).toEqual({
      allowed: true,
      basis: 'consent',
    });
    expect(decide(person, 'phone', granted(), {}, new Date('2026-11-24T12:30:00Z'))).toEqual({
      allowed: false,
      reason: 'outside_calling_hours',
    }); // 13:30
    expect(decide(person, 'phone', granted(), {}, new Date('2026-11-24T19:00:00Z'))).toEqual({
      allowed: false,
      reason: 'outside_calling_hours',
    }); // 20:00
    expect(decide(person, 'phone', granted(), {}, new Date('2026-11-28T10:00:00Z'))).toEqual({
      allowed: false,
      reason: 'outside_calling_hours',
    }); // Saturday
    expect(decide(person, 'phone', { ...granted(), callsLast30Days: 3 })).toEqual({ allowed: true, basis: 'consent' });
    expect(decide(person, 'phone', { ...granted(), callsLast30Days: 4 })).toEqual({
      allowed: false,
      reason: 'call_limit',
    });
  });

  it('refuses erased contacts, missing addresses and suppressed addresses', () => {
    expect(decide({ ...person, erased: true }, 'email', granted())).toEqual({ allowed: false, reason: 'erased' });
    expect(decide({ ...person, email: null }, 'email', granted())).toEqual({
      allowed: false,
      reason: 'invalid_address',
    });
    expect(decide({ ...person, phone: null }, 'sms', granted())).toEqual({ allowed: false, reason: 'invalid_address' });
    for (const reason of ['unsubscribed', 'hard_bounce', 'spam_complaint', 'erased', 'manual'] as const) {
      expect(decide(person, 'email', { ...granted(), suppressions: [reason] })).toEqual({
        allowed: false,
        reason: 'suppressed',
      });
    }
  });

  it('lets service messages through without marketing consent, but not to a dead address', () => {
    const service = (facts: ChannelFacts) => canContact(FRANCE_CNIL, person, 'email', 'service', TUESDAY_11H, facts);
    expect(service(none)).toEqual({ allowed: true, basis: 'service' });
    expect(service(withdrawn)).toEqual({ allowed: true, basis: 'service' });
    expect(service({ ...none, suppressions: ['unsubscribed'] })).toEqual({ allowed: true, basis: 'service' });
    expect(service({ ...none, suppressions: ['hard_bounce'] })).toEqual({ allowed: false, reason: 'suppressed' });
  });
});

describe('canContact under Morocco / CNDP', () => {
  it('needs consent for e-mail and SMS, not for human calls; soft opt-in for e-mail only', () => {
    const decide = (channel: ContactChannel, facts: ChannelFacts, flags = {}) =>
      canContact(MOROCCO_CNDP, person, channel, 'marketing', new Date('2026-11-28T21:00:00Z'), facts, flags);
    expect(decide('email', none)).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decide('sms', none)).toEqual({ allowed: false, reason: 'no_consent' });
    expect(decide('phone', none)).toEqual({ allowed: true, basis: 'opt_out' });
    expect(decide('email', granted('checkbox', 'soft_opt_in'), { softOptIn: true })).toEqual({
      allowed: true,
      basis: 'soft_opt_in',
    });
    expect(decide('sms', granted('checkbox', 'soft_opt_in'), { softOptIn: true })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
  });
});

// Exhaustive: every combination of the discrete inputs, checked against the rules written as a table.
describe('canContact, every combination', () => {
  const states: Array<ConsentState | undefined> = [undefined];
  for (const status of ['granted', 'withdrawn'] as const) {
    for (const method of CONSENT_METHODS)
      for (const legalBasis of LEGAL_BASES)
        states.push({ status, method, legalBasis, collectedAt: new Date('2026-01-01') });
  }
  const suppressionSets: SuppressionReason[][] = [
    [],
    ['unsubscribed'],
    ['hard_bounce'],
    ['do_not_call'],
    ['spam_complaint', 'do_not_call'],
  ];

  function expected(
    policy: ConsentPolicy,
    contact: ContactFacts,
    channel: ContactChannel,
    facts: ChannelFacts,
    flags: { professional?: boolean; softOptIn?: boolean },
  ) {
    if (contact.erased) return 'erased';
    if ((channel === 'email' && !contact.email) || ((channel === 'sms' || channel === 'phone') && !contact.phone))
      return 'invalid_address';
    if (facts.suppressions.some((s) => s !== 'do_not_call')) return 'suppressed';
    if (channel === 'phone' && contact.type === 'person' && facts.suppressions.includes('do_not_call'))
      return 'do_not_call';
    if (facts.state?.status === 'withdrawn') return 'withdrawn';
    const optIn = (contact.type === 'person' ? policy.persons : policy.companies)[channel].basis === 'opt_in';
    if (!optIn) return 'allowed';
    const state = facts.state;
    if (
      state?.status === 'granted' &&
      state.legalBasis === 'consent' &&
      state.method !== 'terms_acceptance' &&
      policy.acceptedMethods.includes(state.method)
    )
      return 'allowed';
    if (
      channel === 'email' &&
      contact.type === 'company' &&
      flags.professional &&
      policy.professionalEmailOptOut &&
      !contact.email!.endsWith('@gmail.com')
    )
      return 'allowed';
    if (
      flags.softOptIn &&
      policy.softOptInChannels.includes(channel) &&
      contact.isCustomer &&
      state?.status === 'granted' &&
      state.legalBasis === 'soft_opt_in'
    )
      return 'allowed';
    return 'no_consent';
  }

  it('matches the table for all inputs (both policies)', () => {
    let combinations = 0;
    const mismatches: string[] = [];
    for (const policy of [FRANCE_CNIL, MOROCCO_CNDP]) {
      for (const base of [person, company, { ...company, email: 'boss@gmail.com' }]) {
        for (const variant of [
          base,
          { ...base, erased: true },
          { ...base, email: null, phone: null },
          { ...base, isCustomer: false },
        ]) {
          for (const channel of CONTACT_CHANNELS) {
            for (const state of states) {
              for (const suppressions of suppressionSets) {
                for (const flags of [{}, { professional: true }, { softOptIn: true }]) {
                  const facts = { state, suppressions, callsLast30Days: 0 };
                  const decision = canContact(policy, variant, channel, 'marketing', TUESDAY_11H, facts, flags);
                  const actual = decision.allowed ? 'allowed' : decision.reason;
                  const wanted = expected(policy, variant, channel, facts, flags);
                  if (actual !== wanted)
                    mismatches.push(
                      `${policy.name} ${variant.type} ${channel} ${JSON.stringify({ state, suppressions, flags })}: ${actual} ≠ ${wanted}`,
                    );
                  combinations++;
                }
              }
            }
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(combinations).toBeGreaterThan(50_000);
  });
});

describe('canContact properties (random ledgers)', () => {
  const stateArb: fc.Arbitrary<ConsentState> = fc.record({
    status: fc.constantFrom('granted' as const, 'withdrawn' as const),
    method: fc.constantFrom(...CONSENT_METHODS),
    legalBasis: fc.constantFrom(...LEGAL_BASES),
    collectedAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }),
  });
  const ledgerArb = fc.array(stateArb, { maxLength: 6 });
  const latest = (ledger: ConsentState[]) =>
    [...ledger].sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime()).at(-1);
  const contactArb = fc.record({
    type: fc.constantFrom('person' as const, 'company' as const),
    email: fc.constantFrom('a@gmail.com', 'achats@entreprise.fr', null),
    phone: fc.constantFrom('+33612345678', null),
    hasPostalAddress: fc.boolean(),
    erased: fc.boolean(),
    isCustomer: fc.boolean(),
    timezone: fc.constant('Europe/Paris'),
  });
  const args = fc.tuple(
    fc.constantFrom(FRANCE_CNIL, MOROCCO_CNDP),
    contactArb,
    fc.constantFrom(...CONTACT_CHANNELS),
    ledgerArb,
    fc.subarray(['unsubscribed', 'hard_bounce', 'spam_complaint', 'do_not_call', 'erased'] as SuppressionReason[]),
    fc.record({ professional: fc.boolean(), softOptIn: fc.boolean() }),
    fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
  );

  it('never allows a channel whose latest event is a withdrawal', () => {
    fc.assert(
      fc.property(args, ([policy, contact, channel, ledger, , flags, at]) => {
        const state = latest(ledger);
        const decision = canContact(
          policy,
          contact,
          channel,
          'marketing',
          at,
          { state, suppressions: [], callsLast30Days: 0 },
          flags,
        );
        return state?.status !== 'withdrawn' || !decision.allowed;
      }),
      { numRuns: 5000 },
    );
  });

  it('never allows a marketing message to a suppressed address', () => {
    fc.assert(
      fc.property(args, ([policy, contact, channel, ledger, suppressions, flags, at]) => {
        const decision = canContact(
          policy,
          contact,
          channel,
          'marketing',
          at,
          { state: latest(ledger), suppressions, callsLast30Days: 0 },
          flags,
        );
        const blocking =
          suppressions.some((s) => s !== 'do_not_call') ||
          (channel === 'phone' && contact.type === 'person' && suppressions.includes('do_not_call'));
        return !blocking || !decision.allowed;
      }),
      { numRuns: 5000 },
    );
  });

  it('never counts acceptance of terms and conditions as consent', () => {
    fc.assert(
      fc.property(args, ([policy, contact, channel, , , , at]) => {
        const state: ConsentState = {
          status: 'granted',
          method: 'terms_acceptance',
          legalBasis: 'consent',
          collectedAt: new Date('2026-01-01'),
        };
        const decision = canContact(
          policy,
          contact,
          channel,
          'marketing',
          at,
          { state, suppressions: [], callsLast30Days: 0 },
          {},
        );
        return effectiveConsent(policy, state) === 'none' && (!decision.allowed || decision.basis !== 'consent');
      }),
      { numRuns: 2000 },
    );
  });
});
