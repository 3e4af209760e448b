import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentScoringService } from '../../src/segments/segment-scoring.service';
import { SegmentsService } from '../../src/segments/segments.service';
import { daysAgo, insertContacts, insertPurchases, resetBase, type PurchaseSeed } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/** Known answers for the scoring job: RFM quintile boundaries, Pareto tiers per currency, lifecycle thresholds, silent clients. */
const NOW = new Date('2026-11-24T10:00:00Z');

describe('scores and stages (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let scoring: SegmentScoringService;

  /** Contacts with their purchases (each order: days before NOW, amount, currency). */
  async function base(
    clients: Record<string, Array<[days: number, amount: number, currency?: string]>>,
  ): Promise<void> {
    await resetBase(db);
    const ids = await insertContacts(
      db,
      Object.keys(clients).map((external_id) => ({ external_id })),
    );
    for (const [externalId, orders] of Object.entries(clients)) {
      await insertPurchases(
        db,
        ids.get(externalId)!,
        orders.map(([days, amount, currency]): PurchaseSeed => ({ at: daysAgo(NOW, days), amount, currency })),
      );
    }
  }

  async function scores(): Promise<Record<string, Record<string, unknown>>> {
    const rows = await db.query(
      `SELECT c.external_id, s.recency_score, s.frequency_score, s.monetary_score, s.rfm_score, s.value_tier, s.lifecycle, s.silent, s.currency
       FROM contacts c LEFT JOIN contact_scores s ON s.contact_id = c.id ORDER BY c.external_id`,
    );
    return Object.fromEntries(rows.map(({ external_id, ...row }: Record<string, unknown>) => [external_id, row]));
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_DEFAULT_CURRENCY: 'EUR', RELANCE_TIMEZONE: 'Europe/Paris' });
    app = await startContext();
    db = app.get(DataSource);
    scoring = app.get(SegmentScoringService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('scores RFM in quintiles by rank over the 24-month window, equal values sharing a score', async () => {
    const clients: Record<string, Array<[number, number]>> = {};
    // R0…R9: client i last ordered (10 − i) × 20 days ago, placed i + 1 orders, spent 100 × (i + 1) in all.
    for (let i = 0; i < 10; i++) {
      clients[`R${i}`] = Array.from({ length: i + 1 }, (_, k): [number, number] => [(10 - i) * 20 + k, 100]);
    }
    clients.R9b = clients.R9.map(([days, amount]) => [days, amount]); // ties R9 on every measure
    clients.OLD = [[800, 100_000]]; // only outside the window: no RFM, tail
    clients.R0.push([760, 50_000]); // outside the window: ignored
    await base(clients);
    const report = await scoring.rescore({ now: NOW });
    expect(report).toMatchObject({ contacts: 12, rfm_scored: 11 });
    const s = await scores();
    // 11 scored clients: score = 1 + ⌊5 × (rank − 1) ÷ 11⌋ → ranks 1–3: 1, 4–5: 2, 6–7: 3, 8–9: 4, 10–11: 5.
    const expected = [1, 1, 1, 2, 2, 3, 3, 4, 4, 5];
    for (let i = 0; i < 10; i++) {
      expect({ client: `R${i}`, ...s[`R${i}`] }).toMatchObject({
        client: `R${i}`,
        recency_score: expected[i],
        frequency_score: expected[i],
        monetary_score: expected[i],
      });
    }
    expect(s.R9b).toMatchObject({ recency_score: 5, frequency_score: 5, monetary_score: 5, rfm_score: '555' });
    expect(s.R0.rfm_score).toBe('111');
    expect(s.OLD).toMatchObject({ rfm_score: null, recency_score: null, value_tier: 'tail', lifecycle: 'decline' });

    const segments = app.get(SegmentsService);
    expect(await segments.count({ all: [{ field: 'rfm.monetary', op: 'gte', value: 4 }] })).toBe(4);
    expect(await segments.count({ all: [{ field: 'rfm.score', op: 'eq', value: '555' }] })).toBe(2);
    expect(await segments.count({ all: [{ field: 'rfm.recency', op: 'is_null' }] })).toBe(1);
  });

  it('splits value tiers by Pareto within each currency, never adding MAD to EUR', async () => {
    await base({
      E50: [[10, 50]],
      E30: [[10, 30]],
      E10: [[10, 10]],
      E5: [[10, 5]],
      E3: [[10, 3]],
      E2: [[10, 2]],
      M900: [[10, 900, 'MAD']],
      M100: [[10, 100, 'MAD']],
      MIXED: [
        [10, 5000, 'MAD'],
        [20, 7000, 'MAD'],
        [30, 1, 'EUR'],
      ], // mostly MAD: ranked with the MAD clients
      PROSPECT: [],
    });
    await scoring.rescore({ now: NOW });
    const s = await scores();
    // EUR total 100: 50 and 30 make the first 80 %, 10 and 5 reach 95 %, 3 and 2 are the tail.
    expect([s.E50, s.E30, s.E10, s.E5, s.E3, s.E2].map((row) => row.value_tier)).toEqual([
      'top',
      'top',
      'core',
      'core',
      'tail',
      'tail',
    ]);
    expect([s.E2, s.E3, s.E5, s.E10, s.E30, s.E50].map((row) => row.monetary_score)).toEqual([1, 1, 2, 3, 4, 5]);
    // MAD total 13,000 (900 + 100 + MIXED's 12,000): MIXED alone makes 92 % → top; 900 → core (12,000 < 12,350); 100 → tail.
    expect([s.MIXED, s.M900, s.M100].map((row) => [row.currency, row.value_tier, row.monetary_score])).toEqual([
      ['MAD', 'top', 4],
      ['MAD', 'core', 2],
      ['MAD', 'tail', 1],
    ]);
    expect(s.PROSPECT).toMatchObject({ value_tier: null, lifecycle: 'acquisition', rfm_score: null, silent: false });
  });

  it('places each client in a lifecycle stage at the documented thresholds', async () => {
    const every = (days: number[], amount = 100): Array<[number, number]> => days.map((d) => [d, amount]);
    await base({
      PROSPECT: [],
      NEW_90: every([90]), // first purchase 90 days ago: still acquisition
      // One order: the usual interval is the base's, the median of the repeat clients' medians below
      // (30, 30, 30, 50, 100, 100, 100, 100, 100 → 100 days).
      ONCE_91: every([91]), // idle 91 days, not beyond 2 × 100 → retention
      ONCE_201: every([201]), // idle 201 days > 200 → decline
      STEADY: every(Array.from({ length: 12 }, (_, k) => 10 + 30 * k)), // every 30 days for a year: 6 orders in each half → retention
      GROWING: every([300, 150, 100, 50, 10]), // 4 orders in the last 180 days against 1 before → development
      BASKET_UP: [
        [300, 100],
        [200, 100],
        [170, 121],
        [20, 121],
      ], // average basket +21 % → development
      BASKET_FLAT: [
        [300, 100],
        [200, 100],
        [170, 119],
        [20, 119],
      ], // +19 % → retention
      IDLE_61: every([181, 151, 121, 91, 61]), // usual 30 days, idle 61 > 60 and > 2 × 30 → decline
      IDLE_60: every([180, 150, 120, 90, 60]), // idle 60: not beyond 60 days → not decline (buying more lately → development)
      GAP_200: every([400, 300, 200]), // usual 100 days, idle exactly 2 × 100 → not decline → retention
      GAP_201: every([401, 301, 201]), // idle 201 > 200 → decline
      TWO_ORDERS: every([301, 201]), // decline, but two orders are no regular habit → not silent
    });
    await scoring.rescore({ now: NOW });
    const s = await scores();
    const stages = Object.fromEntries(Object.entries(s).map(([id, row]) => [id, row.lifecycle]));
    expect(stages).toEqual({
      PROSPECT: 'acquisition',
      NEW_90: 'acquisition',
      ONCE_91: 'retention',
      ONCE_201: 'decline',
      STEADY: 'retention',
      GROWING: 'development',
      BASKET_UP: 'development',
      BASKET_FLAT: 'retention',
      IDLE_61: 'decline',
      IDLE_60: 'development',
      GAP_200: 'retention',
      GAP_201: 'decline',
      TWO_ORDERS: 'decline',
    });
    // Silent: ≥ 3 orders, idle beyond 2 × the median interval and beyond 60 days.
    const silent = Object.entries(s)
      .filter(([, row]) => row.silent)
      .map(([id]) => id)
      .sort();
    expect(silent).toEqual(['GAP_201', 'IDLE_61']);

    const segments = app.get(SegmentsService);
    expect(await segments.count({ all: [{ field: 'silent', op: 'eq', value: true }] })).toBe(2);
    expect(
      await segments.count({
        all: [
          { field: 'lifecycle', op: 'eq', value: 'decline' },
          { field: 'silent', op: 'eq', value: false },
        ],
      }),
    ).toBe(2);
  });

  it('rewrites only what changed, drops erased contacts and logs each run', async () => {
    await base({
      A: [[10, 100]],
      B: [
        [400, 50],
        [300, 50],
        [200, 50],
      ],
    });
    const first = await scoring.rescore({ now: NOW });
    expect(first.changed).toBe(2);
    expect((await scoring.rescore({ now: NOW })).changed).toBe(0);
    await db.query(`UPDATE contacts SET erased_at = now() WHERE external_id = 'A'`);
    const later = await scoring.rescore({ now: new Date(NOW.getTime() + 3 * 86_400_000) });
    expect(later).toMatchObject({ contacts: 1, changed: 1 }); // B is silent three days later
    expect(await db.query(`SELECT count(*)::int AS n FROM segment_scoring_runs`)).toEqual([{ n: 3 }]);
    expect((await scoring.lastRun())?.as_of).toEqual(new Date(NOW.getTime() + 3 * 86_400_000));
  });
});
