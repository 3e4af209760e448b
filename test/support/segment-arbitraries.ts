import fc from 'fast-check';
import type { ContactFacts } from '../../src/segments/rule-evaluator';

/**
 * Random small client bases and random rule trees over them, for the property test comparing the
 * SQL compiler with the in-memory evaluator. Values are drawn from small pools shared by bases
 * and rules, so that conditions match some contacts and miss others.
 */
export const REGIONS = ['Bretagne', 'Normandie', 'Île-de-France', 'Souss-Massa'];
export const CITIES = ['Rennes', 'rennes', 'Saint-Étienne', 'Caen', 'Casablanca', 'ÉVRY'];
export const NAMES = ['Le Gall', 'Dupont', 'El Idrissi', "O'Brien", 'lefèvre', 'Lefèvre'];
const FRAGMENTS = ['en', 'EN', 'le', 'É', 'é', 'dup', "'", 'ss', 'Le ', 'z'];
const DATES = [
  '1960-02-29',
  '1972-02-28',
  '1980-03-01',
  '1999-12-31',
  '2000-01-01',
  '2004-02-29',
  '1988-11-24',
  '1991-11-25',
  '1985-01-02',
  '1977-02-27',
];
/** Around each evaluation day (Paris): 24 November 2026, 1 January 2027, 28 February 2027. */
const NEAR_DATES = [
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
  '2026-12-30',
  '2026-12-31',
  '2027-01-01',
  '2027-01-02',
  '2027-01-03',
  '2027-02-26',
  '2027-02-27',
  '2027-02-28',
  '2027-03-01',
  '2027-03-02',
  '2026-10-30',
];
const CHANNELS = ['email', 'sms', 'phone', 'postal'] as const;

/** Instants the rules are evaluated at: mid-day, and late evening when the Paris date is already the next day. */
export const NOWS = [
  new Date('2026-11-24T10:00:00Z'),
  new Date('2026-12-31T23:30:00Z'),
  new Date('2027-02-27T23:15:00Z'),
];

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 3 });
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const money = fc.integer({ min: -500, max: 50_000 }).map((cents) => cents / 100);

const attributes = fc.record(
  {
    points: fc.oneof(fc.integer({ min: 0, max: 200 }), pick(['120', 'beaucoup'])),
    vip: fc.boolean(),
    since: pick([...DATES, '2019-02-30', 'hier']),
    canal: pick(['web', 'Web', 'magasin']),
  },
  { requiredKeys: [] },
);

const consentState = fc.record({
  status: pick(['granted', 'withdrawn'] as const),
  method: pick(['checkbox', 'double_opt_in', 'terms_acceptance', 'unsubscribe_link', 'verbal'] as const),
  legalBasis: pick(['consent', 'soft_opt_in', 'objection'] as const),
  collectedAt: fc.constant(new Date('2026-01-01T00:00:00Z')),
});

const scores = fc
  .record({
    recency: maybe(fc.integer({ min: 1, max: 5 })),
    frequency: maybe(fc.integer({ min: 1, max: 5 })),
    monetary: maybe(fc.integer({ min: 1, max: 5 })),
    lifecycle: pick(['acquisition', 'development', 'retention', 'decline']),
    valueTier: maybe(pick(['top', 'core', 'tail'])),
    silent: fc.boolean(),
  })
  .map((s) => ({
    ...s,
    rfm: s.recency && s.frequency && s.monetary ? `${s.recency}${s.frequency}${s.monetary}` : null,
  }));

const purchase = fc.record({
  // Up to 400 days before one of the evaluation instants, to the minute: windows and local days both ways.
  orderedAt: fc
    .tuple(
      fc.constantFrom(...NOWS),
      fc.oneof(fc.integer({ min: 0, max: 5 * 24 * 60 }), fc.integer({ min: 0, max: 400 * 24 * 60 })),
    )
    .map(([anchor, minutes]) => new Date(anchor.getTime() - minutes * 60_000)),
  amount: money,
  currency: pick(['EUR', 'EUR', 'MAD']),
});

export const contactFacts = (index: number): fc.Arbitrary<ContactFacts> =>
  fc
    .record({
      erased: fc.boolean().map((b) => b && index % 3 === 0),
      type: pick(['person', 'company']),
      region: maybe(pick(REGIONS)),
      city: maybe(pick(CITIES)),
      last_name: maybe(pick(NAMES)),
      postal_code: maybe(pick(['35000', '14000', '75011', '20250', '2A004'])),
      birth_date: maybe(pick(DATES)),
      loyalty_card_expires_on: maybe(pick(NEAR_DATES)),
      attributes,
      purchases: fc.array(purchase, { maxLength: 5 }),
      scores: fc.option(scores, { nil: undefined }),
      feedback: fc.option(
        fc.record({ openComplaints: fc.integer({ min: 0, max: 2 }), npsScore: maybe(fc.integer({ min: 0, max: 10 })) }),
        { nil: undefined },
      ),
      consent: fc.record(Object.fromEntries(CHANNELS.map((channel) => [channel, consentState])), { requiredKeys: [] }),
    })
    .map(({ erased, attributes: attrs, purchases, scores: s, feedback, consent, ...columns }) => ({
      id: String(index),
      erased,
      columns: { external_id: `K${index}`, ...columns },
      attributes: attrs,
      purchases,
      scores: s,
      feedback,
      consent,
    }));

export const base = fc
  .integer({ min: 4, max: 24 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, i) => contactFacts(i))));

const condition = (
  field: string,
  op: string,
  value: fc.Arbitrary<unknown> | undefined,
  extra: Record<string, unknown> = {},
) => (value ?? fc.constant(undefined)).map((v) => ({ field, op, ...(v === undefined ? {} : { value: v }), ...extra }));

const ordered = <T>(values: fc.Arbitrary<T>) => fc.tuple(values, values).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
/** Day counts, mostly small so that they land on the boundaries of the dates above. */
const days = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 }));
const anniversaryDays = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 366 }));

function textConditions(field: string, pool: string[]): fc.Arbitrary<unknown>[] {
  return [
    condition(field, 'eq', pick(pool)),
    condition(field, 'neq', pick(pool)),
    condition(field, 'in', fc.subarray(pool, { minLength: 1 })),
    condition(field, 'nin', fc.subarray(pool, { minLength: 1 })),
    condition(field, 'contains', pick(FRAGMENTS)),
    condition(field, 'starts_with', pick(FRAGMENTS)),
    condition(field, 'gt', pick(pool)),
    condition(field, 'lte', pick(pool)),
    condition(field, 'between', ordered(pick(pool))),
    condition(field, 'is_null', undefined),
    condition(field, 'not_null', undefined),
  ];
}

function dateConditions(field: string, pool: string[]): fc.Arbitrary<unknown>[] {
  return [
    condition(field, 'eq', pick(pool)),
    condition(field, 'lt', pick(pool)),
    condition(field, 'gte', pick(pool)),
    condition(field, 'in', fc.subarray(pool, { minLength: 1 })),
    condition(field, 'between', ordered(pick(pool))),
    condition(field, 'within_last_days', days),
    condition(field, 'within_next_days', days),
    condition(field, 'anniversary_within_days', anniversaryDays),
    condition(field, 'is_null', undefined),
  ];
}

const windowed = fc
  .option(fc.oneof(days, fc.integer({ min: 0, max: 400 })), { nil: undefined })
  .map((w) => (w === undefined ? {} : { window_days: w }));

/** Conditions on days: the calendar boundaries (local days, windows, anniversaries, 29 February). */
const calendarConditions = (): fc.Arbitrary<unknown>[] => [
  ...dateConditions('birth_date', DATES),
  ...dateConditions('loyalty_card_expires_on', NEAR_DATES),
  condition('age', 'eq', fc.integer({ min: 20, max: 70 })),
  condition('attr.since', 'anniversary_within_days', anniversaryDays),
  fc
    .tuple(fc.integer({ min: 0, max: 3 }), windowed, pick(['eq', 'gte', 'lt']))
    .map(([n, w, op]) => ({ field: 'purchases.count', op, value: n, ...w })),
  fc.tuple(windowed, days).map(([w, d]) => ({ field: 'purchases.last_at', op: 'within_last_days', value: d, ...w })),
  fc
    .tuple(pick(NEAR_DATES), pick(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']))
    .map(([d, op]) => ({ field: 'purchases.last_at', op, value: d })),
];

export const calendarRulesArbitrary: fc.Arbitrary<unknown> = fc
  .tuple(pick(['all', 'any']), fc.array(fc.oneof(...calendarConditions()), { minLength: 1, maxLength: 2 }))
  .map(([kind, children]) => ({ [kind]: children }));

export const conditionArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  ...textConditions('region', REGIONS),
  ...textConditions('city', CITIES),
  ...textConditions('last_name', NAMES),
  ...textConditions('postal_code', ['14000', '35000', '75011']),
  condition('type', 'eq', pick(['person', 'company'])),
  ...dateConditions('birth_date', DATES),
  ...dateConditions('loyalty_card_expires_on', NEAR_DATES),
  condition('age', 'gte', fc.integer({ min: 15, max: 70 })),
  condition('age', 'between', ordered(fc.integer({ min: 15, max: 70 }))),
  condition('attr.points', 'gt', fc.integer({ min: 0, max: 200 })),
  condition('attr.points', 'eq', pick(['120', 'beaucoup'])),
  condition('attr.vip', 'eq', fc.boolean()),
  condition('attr.vip', 'neq', fc.boolean()),
  condition('attr.since', 'lt', pick(DATES)),
  condition('attr.since', 'anniversary_within_days', anniversaryDays),
  condition('attr.canal', 'contains', pick(['web', 'WEB', 'mag'])),
  condition('attr.canal', 'is_null', undefined),
  condition('attr.points', 'not_null', undefined),
  fc
    .tuple(fc.integer({ min: 0, max: 5 }), windowed, pick(['eq', 'gte', 'lt']))
    .map(([n, w, op]) => ({ field: 'purchases.count', op, value: n, ...w })),
  fc.tuple(money, windowed, fc.option(pick(['EUR', 'MAD']), { nil: undefined })).map(([v, w, currency]) => ({
    field: 'purchases.total_amount',
    op: 'gte',
    value: v,
    ...w,
    ...(currency ? { currency } : {}),
  })),
  fc
    .tuple(windowed, fc.oneof(days, fc.integer({ min: 0, max: 400 })))
    .map(([w, d]) => ({ field: 'purchases.last_at', op: 'within_last_days', value: d, ...w })),
  fc
    .tuple(pick(NEAR_DATES), pick(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']))
    .map(([d, op]) => ({ field: 'purchases.last_at', op, value: d })),
  condition('purchases.last_at', 'is_null', undefined),
  ...['rfm.recency', 'rfm.frequency', 'rfm.monetary'].map((field) =>
    condition(field, 'gte', fc.integer({ min: 1, max: 5 })),
  ),
  condition('rfm.score', 'starts_with', pick(['1', '5', '34'])),
  condition('rfm.score', 'is_null', undefined),
  condition('lifecycle', 'in', fc.subarray(['acquisition', 'development', 'retention', 'decline'], { minLength: 1 })),
  condition('value_tier', 'eq', pick(['top', 'core', 'tail'])),
  condition('value_tier', 'is_null', undefined),
  condition('silent', 'eq', fc.boolean()),
  ...CHANNELS.map((channel) => condition(`consent.${channel}`, 'eq', pick(['granted', 'withdrawn', 'none']))),
  condition('complaints.open', 'gt', fc.integer({ min: 0, max: 1 })),
  condition('nps.category', 'nin', fc.subarray(['promoter', 'passive', 'detractor'], { minLength: 1 })),
  condition('unhappy', 'eq', fc.boolean()),
);

export const rulesArbitrary: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown; group: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, conditionArbitrary, tie('group')),
  group: fc.oneof(
    fc.array(tie('node'), { maxLength: 4 }).map((children) => ({ all: children })),
    fc.array(tie('node'), { maxLength: 4 }).map((children) => ({ any: children })),
    tie('node').map((child) => ({ not: child })),
  ),
})).group;
