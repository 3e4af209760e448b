import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BasePicturesService } from '../../src/segments/base-pictures.service';
import { SegmentScoringService } from '../../src/segments/segment-scoring.service';
import { SegmentsService } from '../../src/segments/segments.service';
import { daysAgo, insertContacts, insertPurchases, resetBase } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * Known answers for the pictures of the base, on a base small enough to score by hand (default
 * thresholds: 24-month window, tiers at 80 / 95 %, silent after 3 orders and 60 days, twice the usual interval).
 */
const NOW = new Date('2026-11-24T10:00:00Z');

/** Orders: [days before NOW, amount, currency (EUR)]. */
const BASE: Record<string, Array<[number, number, string?]>> = {
  P: [], // a prospect: acquisition, no tier
  O: [[800, 70]], // only before the window: no RFM, tail, decline
  E: [[900, 70]], // erased after scoring: in no picture
  M: [[10, 5000, 'MAD']], // another currency: counted, its money not added
  S: [
    [400, 100],
    [430, 100],
    [460, 100],
    [490, 100],
    [800, 1000],
  ],
  A1: [[300, 50]],
  A2: [[250, 50]],
  A3: [
    [200, 100],
    [220, 100],
  ],
  A4: [
    [150, 100],
    [170, 100],
  ],
  A5: [100, 120, 140].map((days): [number, number] => [days, 100]),
  A6: [80, 100, 120].map((days): [number, number] => [days, 100]),
  A7: [50, 70, 90, 110, 130].map((days): [number, number] => [days, 200]),
  A8: [5, 25, 45, 185, 205, 225].map((days): [number, number] => [days, 300]),
};

describe('pictures of the base (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_DEFAULT_CURRENCY: 'EUR', RELANCE_TIMEZONE: 'Europe/Paris' });
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('answers zeros on an empty base', async () => {
    await resetBase(db);
    const pictures = await app.get(BasePicturesService).pictures();
    expect(pictures).toMatchObject({ total: { clients: 0, revenue: 0 }, rfmScored: 0, scoredAt: null });
    expect(pictures.rfm).toHaveLength(25);
    expect(pictures.pareto).toMatchObject({ buyers: 0, revenue: 0, clientsFor80: null });
    expect(pictures.silent).toEqual({ clients: 0, lifetime: 0, beforeSilence: 0, best: [] });
  });

  it('draws the grid, the stages, the tiers, the Pareto curve and the silent clients of a base scored by hand', async () => {
    await resetBase(db);
    const ids = await insertContacts(
      db,
      Object.keys(BASE).map((external_id) => ({ external_id, last_name: `Client ${external_id}` })),
    );
    for (const [externalId, orders] of Object.entries(BASE))
      await insertPurchases(
        db,
        ids.get(externalId)!,
        orders.map(([days, amount, currency]) => ({ at: daysAgo(NOW, days), amount, currency })),
      );
    await app.get(SegmentScoringService).rescore({ now: NOW });
    await db.query(`UPDATE contacts SET erased_at = now() WHERE external_id = 'E'`);
    const pictures = await app.get(BasePicturesService).pictures();

    expect(pictures).toMatchObject({ currency: 'EUR', windowMonths: 24, scoredAt: NOW.toISOString() });
    expect(pictures.total).toEqual({ clients: 12, revenue: 4300 });
    expect(pictures.otherCurrency).toBe(1);

    // Ten buyers in the window: recency ranks S A1 A2 A3 A4 A5 A6 A7 M A8 (oldest first), orders 1 1 1 2 2 3 3 4 5 6.
    const cells = Object.fromEntries(
      pictures.rfm.filter((cell) => cell.clients).map((cell) => [`${cell.recency}${cell.frequency}`, cell]),
    );
    const expected: Record<string, [number, number]> = {
      '14': [1, 400], // S
      '11': [1, 50], // A1
      '21': [1, 50], // A2
      '22': [1, 200], // A3
      '32': [1, 200], // A4
      '33': [1, 300], // A5
      '43': [1, 300], // A6
      '45': [1, 1000], // A7
      '51': [1, 0], // M (MAD)
      '55': [1, 1800], // A8
    };
    expect(Object.fromEntries(Object.entries(cells).map(([key, cell]) => [key, [cell.clients, cell.revenue]]))).toEqual(
      expected,
    );
    expect(pictures.rfm.map((cell) => `${cell.recency}${cell.frequency}`).slice(0, 6)).toEqual([
      '51',
      '52',
      '53',
      '54',
      '55',
      '41',
    ]);
    expect(pictures.rfmScored).toBe(10);

    const segments = app.get(SegmentsService);
    for (const cell of pictures.rfm.filter((candidate) => candidate.recency === 5 || candidate.clients))
      expect(
        await segments.count({
          all: [
            { field: 'rfm.recency', op: 'eq', value: cell.recency },
            { field: 'rfm.frequency', op: 'eq', value: cell.frequency },
          ],
        }),
      ).toBe(cell.clients);

    expect(pictures.lifecycle).toEqual([
      { stage: 'acquisition', clients: 2, revenue: 0 }, // P, M
      { stage: 'development', clients: 1, revenue: 1000 }, // A7
      { stage: 'retention', clients: 1, revenue: 1800 }, // A8
      { stage: 'decline', clients: 8, revenue: 1500 }, // A1–A6, S, O
    ]);
    expect(pictures.valueTiers).toEqual([
      { tier: 'top', clients: 6, revenue: 3800 }, // A8 A7 S A5 A6, and M in MAD
      { tier: 'core', clients: 2, revenue: 400 }, // A3 A4
      { tier: 'tail', clients: 3, revenue: 100 }, // A1 A2 O
      { tier: null, clients: 1, revenue: 0 }, // P
    ]);

    // Nine EUR buyers: 1800 1000 400 300 300 200 200 50 50 (4300); 80 % = 3440, reached by the 4th (3500).
    expect(pictures.pareto).toMatchObject({ buyers: 9, revenue: 4300, clientsFor80: 4 });
    const running = [0, 1800, 2800, 3200, 3500, 3800, 4000, 4200, 4250, 4300];
    expect(pictures.pareto.deciles.map((point) => [point.clients, point.revenue])).toEqual(
      running.map((revenue, index) => [index, revenue]),
    );
    expect(pictures.pareto.deciles[4].revenueShare).toBeCloseTo(3500 / 4300, 10);
    expect(pictures.pareto.deciles[4].clientShare).toBeCloseTo(4 / 9, 10);

    // Silent: S (1400 in all, 400 in the 12 months up to its last order), A5 and A6 (300 each).
    expect(pictures.silent).toMatchObject({ clients: 3, lifetime: 2000, beforeSilence: 1000 });
    expect(pictures.silent.best.map((client) => [client.external_id, client.lifetime, client.before_silence])).toEqual([
      ['S', 1400, 400],
      ['A5', 300, 300],
      ['A6', 300, 300],
    ]);
    expect(await segments.count({ all: [{ field: 'silent', op: 'eq', value: true }] })).toBe(3);
  });
});
