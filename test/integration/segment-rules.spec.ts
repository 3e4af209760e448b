import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../../src/core/errors/domain-error';
import { SegmentsService } from '../../src/segments/segments.service';
import { insertContacts, insertPurchases, setConsent, setFeedback } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/** Known answers on a hand-built base: each operator, nested groups, windows, leap-day birthdays. */
const NOW = new Date('2027-02-27T10:00:00Z'); // Saturday 27 February 2027, a common year (Paris time)

describe('segment rules on a hand-built base (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let segments: SegmentsService;

  async function select(rules: unknown, now = NOW): Promise<string[]> {
    const compiled = segments.compile(rules, { now });
    const rows: Array<{ external_id: string }> = await db.query(
      `SELECT c.external_id FROM contacts c WHERE c.id IN (${compiled.sql}) ORDER BY c.external_id`,
      compiled.params,
    );
    expect(await segments.count(rules, { now })).toBe(rows.length);
    return rows.map((row) => row.external_id);
  }
  const where = (field: string, op: string, value?: unknown, extra: Record<string, unknown> = {}) =>
    select({ all: [{ field, op, value, ...extra }] });

  beforeAll(async () => {
    env = await createTestEnvironment({
      RELANCE_TIMEZONE: 'Europe/Paris',
      RELANCE_DEFAULT_CURRENCY: 'EUR',
      RELANCE_CONSENT_POLICY: 'fr-cnil',
    });
    app = await startContext();
    db = app.get(DataSource);
    segments = app.get(SegmentsService);
    const ids = await insertContacts(db, [
      {
        external_id: 'A',
        last_name: 'Le Gall',
        city: 'Rennes',
        region: 'Bretagne',
        postal_code: '35000',
        birth_date: '1990-02-28',
        email: 'a@exemple.fr',
        attributes: { points: 120, vip: true, client_depuis: '2019-05-01', canal: 'web' },
      },
      {
        external_id: 'B',
        last_name: 'Dupont',
        city: 'Caen',
        region: 'Normandie',
        postal_code: '14000',
        birth_date: '2000-02-29',
        email: 'b@exemple.fr',
        attributes: { points: 80, vip: false, canal: 'Magasin' },
      },
      {
        external_id: 'C',
        type: 'company',
        company_name: 'Atlas SARL',
        city: 'Casablanca',
        country: 'MA',
        attributes: { points: '120', client_depuis: '2019-02-30' },
      },
      { external_id: 'D', last_name: 'Effacé', region: 'Bretagne', erased: true },
      {
        external_id: 'E',
        last_name: 'Lefèvre',
        region: 'Bretagne',
        birth_date: '1987-03-01',
        loyalty_card_expires_on: '2027-03-10',
        contract_renews_on: '2027-01-15',
      },
      {
        external_id: 'F',
        last_name: "O'Brien",
        city: 'Lyon',
        region: 'Auvergne-Rhône-Alpes',
        birth_date: '1995-01-02',
      },
    ]);
    const id = (externalId: string) => ids.get(externalId)!;
    await insertPurchases(db, id('A'), [
      { at: new Date('2027-02-26T23:30:00Z'), amount: 100 }, // 00:30 on the 27th in Paris: today
      { at: new Date('2027-01-28T10:00:00Z'), amount: 50 }, // 30 days ago
      { at: new Date('2026-12-01T10:00:00Z'), amount: 30.25 },
      { at: new Date('2026-06-01T10:00:00Z'), amount: 1000, currency: 'MAD' },
    ]);
    await insertPurchases(db, id('B'), [{ at: new Date('2027-01-27T22:59:00Z'), amount: 20 }]); // 23:59 on 27 January: 31 days ago
    await insertPurchases(db, id('D'), [{ at: new Date('2027-02-20T10:00:00Z'), amount: 500 }]);
    await setConsent(db, id('A'), 'email', 'granted', 'checkbox');
    await setConsent(db, id('B'), 'email', 'granted', 'terms_acceptance');
    await setConsent(db, id('E'), 'email', 'withdrawn', 'unsubscribe_link');
    await setConsent(db, id('D'), 'email', 'granted', 'checkbox');
    await setFeedback(db, id('A'), 0, 10);
    await setFeedback(db, id('B'), 2, null);
    await setFeedback(db, id('E'), 0, 4);
    await setFeedback(db, id('F'), 0, 7);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('compares text columns with each operator, erased contacts never included', async () => {
    expect(await where('region', 'eq', 'Bretagne')).toEqual(['A', 'E']);
    expect(await where('region', 'neq', 'Bretagne')).toEqual(['B', 'C', 'F']);
    expect(await where('region', 'in', ['Normandie', 'Bretagne'])).toEqual(['A', 'B', 'E']);
    expect(await where('region', 'nin', ['Normandie', 'Bretagne'])).toEqual(['C', 'F']);
    expect(await where('region', 'is_null')).toEqual(['C']);
    expect(await where('region', 'not_null')).toEqual(['A', 'B', 'E', 'F']);
    expect(await where('city', 'contains', 'NNE')).toEqual(['A']);
    expect(await where('last_name', 'starts_with', 'le')).toEqual(['A', 'E']);
    expect(await where('last_name', 'contains', "'b")).toEqual(['F']);
    expect(await where('postal_code', 'between', ['14000', '35000'])).toEqual(['A', 'B']);
    expect(await where('postal_code', 'gt', '14000')).toEqual(['A']);
    expect(await where('postal_code', 'gte', '14000')).toEqual(['A', 'B']);
    expect(await where('postal_code', 'lt', '35000')).toEqual(['B']);
    expect(await where('postal_code', 'lte', '35000')).toEqual(['A', 'B']);
    expect(await where('type', 'eq', 'company')).toEqual(['C']);
  });

  it('compares dates and counts days in the company time zone', async () => {
    expect(await where('birth_date', 'lt', '1990-01-01')).toEqual(['E']);
    expect(await where('loyalty_card_expires_on', 'within_next_days', 11)).toEqual(['E']);
    expect(await where('loyalty_card_expires_on', 'within_next_days', 10)).toEqual([]);
    expect(await where('contract_renews_on', 'within_last_days', 43)).toEqual(['E']);
    expect(await where('contract_renews_on', 'within_last_days', 42)).toEqual([]);
    expect(await where('age', 'eq', 36)).toEqual(['A']); // born 28 February 1990, the day before the birthday
    expect(await where('age', 'between', [26, 32])).toEqual(['B', 'F']);
    expect(await where('age', 'gte', 39)).toEqual(['E']);
  });

  it('finds birthdays across the year end and on 28 February for those born on 29 February', async () => {
    const anniversary = (days: number, now: Date) =>
      select({ all: [{ field: 'birth_date', op: 'anniversary_within_days', value: days }] }, now);
    expect(await anniversary(0, NOW)).toEqual([]);
    expect(await anniversary(1, NOW)).toEqual(['A', 'B']); // 28 February; 29 February in a common year
    expect(await anniversary(2, NOW)).toEqual(['A', 'B', 'E']);
    const leapYear = new Date('2028-02-27T10:00:00Z');
    expect(await anniversary(1, leapYear)).toEqual(['A']);
    expect(await anniversary(2, leapYear)).toEqual(['A', 'B']);
    expect(await anniversary(3, new Date('2026-12-30T10:00:00Z'))).toEqual(['F']);
    expect(await anniversary(2, new Date('2026-12-30T10:00:00Z'))).toEqual([]);
  });

  it('reads custom attributes typed by the value compared', async () => {
    expect(await where('attr.points', 'gt', 100)).toEqual(['A']); // C's "120" is text, not a number
    expect(await where('attr.points', 'eq', '120')).toEqual(['C']);
    expect(await where('attr.vip', 'eq', true)).toEqual(['A']);
    expect(await where('attr.vip', 'neq', true)).toEqual(['B', 'C', 'E', 'F']);
    expect(await where('attr.client_depuis', 'lt', '2020-01-01')).toEqual(['A']); // 2019-02-30 is no date
    expect(await where('attr.client_depuis', 'not_null')).toEqual(['A', 'C']);
    expect(await where('attr.canal', 'in', ['web', 'magasin'])).toEqual(['A']);
    expect(await where('attr.canal', 'contains', 'MAG')).toEqual(['B']);
    expect(await where('attr.absent', 'is_null')).toEqual(['A', 'B', 'C', 'E', 'F']);
  });

  it('aggregates purchases with windows of local days, one currency at a time', async () => {
    expect(await where('purchases.count', 'eq', 4)).toEqual(['A']);
    expect(await where('purchases.count', 'eq', 0)).toEqual(['C', 'E', 'F']);
    expect(await where('purchases.count', 'eq', 2, { window_days: 30 })).toEqual(['A']);
    expect(await where('purchases.count', 'eq', 1, { window_days: 29 })).toEqual(['A']);
    expect(await where('purchases.count', 'gte', 1, { window_days: 31 })).toEqual(['A', 'B']);
    expect(await where('purchases.total_amount', 'eq', 180.25)).toEqual(['A']); // the 1,000 MAD are not added to euros
    expect(await where('purchases.total_amount', 'eq', 1000, { currency: 'MAD' })).toEqual(['A']);
    expect(await where('purchases.total_amount', 'eq', 150, { window_days: 30 })).toEqual(['A']);
    expect(await where('purchases.total_amount', 'lt', 25)).toEqual(['B', 'C', 'E', 'F']);
    expect(await where('purchases.last_at', 'eq', '2027-02-27')).toEqual(['A']);
    expect(await where('purchases.last_at', 'within_last_days', 0)).toEqual(['A']);
    expect(await where('purchases.last_at', 'within_last_days', 31)).toEqual(['A', 'B']);
    expect(await where('purchases.last_at', 'lte', '2027-01-27')).toEqual(['B']);
    expect(await where('purchases.last_at', 'is_null')).toEqual(['C', 'E', 'F']);
    expect(await where('purchases.last_at', 'eq', '2026-12-01', { window_days: 60 })).toEqual([]);
    expect(await where('purchases.last_at', 'between', ['2027-01-28', '2027-01-28'], { window_days: 30 })).toEqual([]);
  });

  it('reads consent as the policy decides it, and feedback', async () => {
    expect(await where('consent.email', 'eq', 'granted')).toEqual(['A']);
    expect(await where('consent.email', 'eq', 'none')).toEqual(['B', 'C', 'F']); // terms acceptance is no consent
    expect(await where('consent.email', 'eq', 'withdrawn')).toEqual(['E']);
    expect(await where('consent.sms', 'eq', 'none')).toEqual(['A', 'B', 'C', 'E', 'F']);
    expect(await where('complaints.open', 'gt', 0)).toEqual(['B']);
    expect(await where('nps.category', 'eq', 'detractor')).toEqual(['E']);
    expect(await where('nps.category', 'in', ['promoter', 'passive'])).toEqual(['A', 'F']);
    expect(await where('unhappy', 'eq', true)).toEqual(['B', 'E']);
  });

  it('nests groups, with not as the exact complement', async () => {
    const rules = {
      all: [
        {
          any: [
            { field: 'region', op: 'eq', value: 'Bretagne' },
            { field: 'city', op: 'eq', value: 'Caen' },
          ],
        },
        {
          not: {
            all: [
              { field: 'attr.vip', op: 'eq', value: false },
              { field: 'unhappy', op: 'eq', value: true },
            ],
          },
        },
      ],
    };
    expect(await select(rules)).toEqual(['A', 'E']);
    expect(await select({ not: rules })).toEqual(['B', 'C', 'F']);
    expect(await select({ not: { field: 'region', op: 'eq', value: 'Bretagne' } })).toEqual(['B', 'C', 'F']);
    expect(await select({ all: [] })).toEqual(['A', 'B', 'C', 'E', 'F']);
    expect(await select({ any: [] })).toEqual([]);
  });

  it('refuses invalid rules with the path of each problem', async () => {
    const error = await segments
      .count({ all: [{ field: 'region', op: 'eq', value: 'x' }, { any: [{ field: 'age', op: 'gt=', value: 1 }] }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('invalid segment rules: all[1].any[0].op: unknown operator "gt="');
  });
});
