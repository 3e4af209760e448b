import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ImportService } from '../../src/imports/import.service';
import { ProgrammeKpiCache } from '../../src/reports/programme-kpi-cache';
import { ProgrammeKpiSeries } from '../../src/reports/programme-kpi-series';
import { ProgrammeKpisService } from '../../src/reports/programme-kpis.service';
import { parsePeriod, previousPeriod, yearEarlier } from '../../src/reports/report-period';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const ZONE = 'Africa/Casablanca';
const DAY = 86_400_000;

/**
 * The programme KPIs kept between two readings (ProgrammeKpiCache): computed again as soon as
 * anything writes their inputs — purchases, complaints, compensations, survey answers — whoever
 * writes them, never given back while a write is under way, and always equal to each period
 * computed alone.
 */
describe('programme KPIs kept until their data changes (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const now = new Date();
  let computed = 0;
  let file = 0;

  const importRows = (kind: string, lines: string[]) =>
    app.get(ImportService).importFile(kind, writeFile(env.home, `kpi-cache-${++file}.csv`, lines.join('\n')));
  const purchase = (contact: string, order: string, daysAgo: number, amount: number) =>
    `${contact},${order},${new Date(now.getTime() - daysAgo * DAY).toISOString()},${amount},MAD`;

  /** The month's report through the cache, counting the series actually computed. */
  async function month() {
    const period = parsePeriod({}, ZONE, now);
    const periods = [period, previousPeriod(period, ZONE), yearEarlier(period, ZONE)];
    const series = app.get(ProgrammeKpiSeries);
    const kpis = await app.get(ProgrammeKpiCache).read(periods, 'MAD', () => {
      computed++;
      return series.series(periods, 'MAD');
    });
    const alone = app.get(ProgrammeKpisService);
    expect(kpis).toEqual(await Promise.all(periods.map((p) => alone.kpis(p, 'MAD'))));
    return kpis[0];
  }

  beforeAll(async () => {
    env = await createTestEnvironment({
      ...SENDER_ENV,
      RELANCE_DEFAULT_TIMEZONE: ZONE,
      RELANCE_DEFAULT_CURRENCY: 'MAD',
    });
    app = await startContext();
    db = app.get(DataSource);
    await importRows('contacts', ['external_id,first_name,email', 'K1,Nadia,k1@exemple.ma', 'K2,Omar,k2@exemple.ma']);
    await importRows('purchases', [
      'external_id,order_id,ordered_at,amount,currency',
      purchase('K1', 'O1', 200, 100),
      purchase('K2', 'O2', 100, 50),
      purchase('K1', 'O3', 0.01, 30),
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('computes once while nothing changes, again after each write of any input, never keeping stale figures', async () => {
    const first = await month();
    expect(first.orders).toBe(1);
    expect(await month()).toEqual(first);
    expect(computed).toBe(1);

    await importRows('purchases', ['external_id,order_id,ordered_at,amount,currency', purchase('K2', 'O4', 0.01, 20)]);
    expect((await month()).orders).toBe(2);
    expect(computed).toBe(2);

    await app.get(ComplaintIntakeService).receive({
      contact: { external_id: 'K2' },
      channel: 'email',
      receivedAt: new Date(now.getTime() - 1000),
      subject: 'Colis abîmé',
      description: 'Texte.',
      actor: 'test',
    });
    expect((await month()).complaints).toBe(1);
    expect(computed).toBe(3);

    // A survey answer written straight into the table, as another process or psql would.
    const [k1] = await db.query<Array<{ id: string }>>(`SELECT id FROM contacts WHERE external_id = 'K1'`);
    await db.query(
      `INSERT INTO responses (contact_id, kind, value, details, source, received_at) VALUES ($1, 'survey', '9', '{"score": 9}', 'test', $2)`,
      [k1.id, new Date(now.getTime() - 1000)],
    );
    expect((await month()).promoters).toBe(1);
    expect(computed).toBe(4);

    // Deleting a client deletes their purchases through the foreign key's cascade: seen too.
    await db.query(`DELETE FROM contacts WHERE external_id = 'K2'`);
    const after = await month();
    expect(computed).toBe(5);
    expect(after.orders).toBe(1);
    expect(await month()).toEqual(after);
    expect(computed).toBe(5);
  });

  it('neither keeps nor gives back figures while a write is under way, and reads the write once it is committed', async () => {
    const cache = app.get(ProgrammeKpiCache);
    const settled = await cache.settledVersion();
    expect(settled).not.toBeNull();
    await month();
    const before = computed;
    const writer = db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      const [k1] = await writer.query(`SELECT id FROM contacts WHERE external_id = 'K1'`);
      await writer.query(
        `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency) VALUES ($1, 'O-open', now(), 500, 'MAD')`,
        [k1.id],
      );
      expect(await cache.settledVersion()).toBeNull();
      const during = await month();
      const again = await month();
      expect(computed).toBe(before + 2);
      expect(again).toEqual(during);
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    const committed = await month();
    expect(computed).toBe(before + 3);
    expect(committed.revenue).toBe(
      (await app.get(ProgrammeKpisService).kpis(parsePeriod({}, ZONE, now), 'MAD')).revenue,
    );
    expect(await cache.settledVersion()).not.toBe(settled);
  });
});
