import { FRANCE_CNIL } from '../consent/consent-policy';
import { evaluateRules, type ContactFacts } from './rule-evaluator';
import { validateRules } from './rule-validator';
import type { SegmentContext } from './segment-rules';

const context: SegmentContext = {
  policy: FRANCE_CNIL,
  now: new Date('2027-02-27T10:00:00Z'),
  timeZone: 'Europe/Paris',
  currency: 'EUR',
};

function contact(overrides: Partial<ContactFacts> = {}): ContactFacts {
  return {
    id: '1',
    erased: false,
    columns: { type: 'person' },
    attributes: {},
    purchases: [],
    consent: {},
    ...overrides,
  };
}

const matches = (rules: unknown, facts: ContactFacts) => evaluateRules(validateRules(rules), facts, context);

describe('evaluateRules', () => {
  it('never selects an erased contact', () => {
    expect(matches({ all: [] }, contact({ erased: true }))).toBe(false);
    expect(matches({ all: [] }, contact())).toBe(true);
  });

  it('treats a missing value as failing every comparison but its negations', () => {
    const noRegion = contact({ columns: { region: null } });
    expect(matches({ all: [{ field: 'region', op: 'eq', value: 'Souss-Massa' }] }, noRegion)).toBe(false);
    expect(matches({ all: [{ field: 'region', op: 'neq', value: 'Souss-Massa' }] }, noRegion)).toBe(true);
    expect(matches({ not: { field: 'region', op: 'eq', value: 'Souss-Massa' } }, noRegion)).toBe(true);
    expect(matches({ all: [{ field: 'region', op: 'nin', value: ['Souss-Massa'] }] }, noRegion)).toBe(true);
  });

  it('finds a 29 February birthday on 28 February of a common year', () => {
    const leapling = contact({ columns: { birth_date: '2000-02-29' } });
    expect(matches({ all: [{ field: 'birth_date', op: 'anniversary_within_days', value: 1 }] }, leapling)).toBe(true);
    expect(matches({ all: [{ field: 'birth_date', op: 'anniversary_within_days', value: 0 }] }, leapling)).toBe(false);
    expect(matches({ all: [{ field: 'age', op: 'eq', value: 26 }] }, leapling)).toBe(true);
  });

  it('sums amounts of one currency only, in a window of local days', () => {
    const buyer = contact({
      purchases: [
        { orderedAt: new Date('2027-02-26T23:30:00Z'), amount: 10.1, currency: 'EUR' },
        { orderedAt: new Date('2027-01-27T22:59:00Z'), amount: 20.2, currency: 'EUR' },
        { orderedAt: new Date('2027-02-20T10:00:00Z'), amount: 1000, currency: 'MAD' },
      ],
    });
    expect(matches({ all: [{ field: 'purchases.total_amount', op: 'eq', value: 30.3 }] }, buyer)).toBe(true);
    expect(matches({ all: [{ field: 'purchases.total_amount', op: 'eq', value: 10.1, window_days: 30 }] }, buyer)).toBe(
      true,
    );
    expect(matches({ all: [{ field: 'purchases.total_amount', op: 'eq', value: 1000, currency: 'MAD' }] }, buyer)).toBe(
      true,
    );
    expect(matches({ all: [{ field: 'purchases.last_at', op: 'eq', value: '2027-02-27' }] }, buyer)).toBe(true);
  });

  it('reads consent as the policy does: terms acceptance is no consent', () => {
    const terms = contact({
      consent: {
        email: { status: 'granted', method: 'terms_acceptance', legalBasis: 'consent', collectedAt: new Date() },
      },
    });
    expect(matches({ all: [{ field: 'consent.email', op: 'eq', value: 'none' }] }, terms)).toBe(true);
  });

  it('calls a client with an open complaint or a detractor score unhappy', () => {
    expect(
      matches(
        { all: [{ field: 'unhappy', op: 'eq', value: true }] },
        contact({ feedback: { openComplaints: 1, npsScore: null } }),
      ),
    ).toBe(true);
    expect(
      matches(
        { all: [{ field: 'unhappy', op: 'eq', value: true }] },
        contact({ feedback: { openComplaints: 0, npsScore: 6 } }),
      ),
    ).toBe(true);
    expect(
      matches(
        { all: [{ field: 'nps.category', op: 'eq', value: 'passive' }] },
        contact({ feedback: { openComplaints: 0, npsScore: 8 } }),
      ),
    ).toBe(true);
    expect(matches({ all: [{ field: 'unhappy', op: 'eq', value: false }] }, contact())).toBe(true);
  });
});
