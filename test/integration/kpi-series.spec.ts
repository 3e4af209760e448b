import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { localDate } from '../../src/contacts/normalisation/calendar';
import { calendarPeriod, monthsEnding } from '../../src/reports/calendar-periods';
import { ProgrammeKpiSeries } from '../../src/reports/programme-kpi-series';
import { ProgrammeKpisService } from '../../src/reports/programme-kpis.service';
import { ImportService } from '../../src/imports/import.service';
import { parsePeriod, previousPeriod, yearEarlier } from '../../src/reports/report-period';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const DAY = 86_400_000;
const ZONE = 'Africa/Casablanca';

/**
 * The trend of the console's dashboard reads twelve months of KPIs in five queries: each month
 * must be exactly what the KPI service (`relance kpi`) gives for that month alone — on the demo
 * company (two years of purchases in MAD and EUR), with complaints, compensations in both
 * currencies and survey answers spread over the months.
 */
describe('programme KPIs of several periods at once (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const now = new Date();

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_DEFAULT_TIMEZONE: ZONE });
    const demo = await runCli('demo', '--contacts', '300', '--json');
    if (demo.code !== 0) throw new Error(demo.stderr);
    app = await startContext();
    const db = app.get(DataSource);
    const buyers: Array<{ external_id: string; id: string }> = await db.query(
      `SELECT DISTINCT c.external_id, c.id::text FROM contacts c JOIN purchases p ON p.contact_id = c.id ORDER BY 1 LIMIT 40`,
    );
    const workflow = app.get(ComplaintWorkflowService);
    for (let i = 0; i < 12; i++) {
      const receivedAt = new Date(now.getTime() - (20 + i * 29) * DAY);
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: buyers[i].external_id },
        channel: 'email',
        receivedAt,
        subject: `Réclamation ${i}`,
        description: 'Texte.',
        actor: 'test',
      });
      if (i % 3 === 2) continue;
      await workflow.qualify(reference, { cause: 'delivery_delay' }, 'test', receivedAt);
      await workflow.assign(reference, { owner: 'Karim' }, 'test', receivedAt);
      const compensation = { kind: 'refund' as const, amount: 10 + i, currency: i % 2 ? 'MAD' : 'EUR' };
      await workflow.answer(
        reference,
        { summary: 'votre commande', corrective_measures: 'nous avons corrigé.', compensation },
        'test',
        new Date(receivedAt.getTime() + 2 * DAY),
      );
    }
    for (let i = 0; i < 36; i++) {
      const score = i % 11;
      await db.query(
        `INSERT INTO responses (contact_id, kind, value, details, source, received_at) VALUES ($1, 'survey', $2, $3, 'test', $4)`,
        [buyers[i].id, String(score), i % 4 ? JSON.stringify({ score }) : '{}', new Date(now.getTime() - i * 11 * DAY)],
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('gives each of the last twelve months exactly the KPIs of that month alone', async () => {
    const today = localDate(now, ZONE);
    const months = monthsEnding(today, 12, ZONE);
    const kpis = app.get(ProgrammeKpisService);
    const alone = await Promise.all(months.map((month) => kpis.kpis(month)));
    const series = await app.get(ProgrammeKpiSeries).monthly({}, now);
    expect(series).toEqual(alone);
    // The data is there to be compared: purchases, complaints, compensations and survey answers in several months.
    expect(alone.filter((month) => month.orders > 0).length).toBeGreaterThan(8);
    expect(alone.filter((month) => month.complaints > 0).length).toBeGreaterThan(8);
    expect(alone.filter((month) => month.compensation_costs > 0).length).toBeGreaterThan(2);
    expect(alone.filter((month) => month.survey_answers > 0).length).toBeGreaterThan(8);
    expect(alone.some((month) => month.left_out.currencies.includes('MAD'))).toBe(true);
    expect(alone.some((month) => (month.retention_rate ?? 0) > 0)).toBe(true);
  });

  it('also takes periods of any length, overlapping, in another currency', async () => {
    const today = localDate(now, ZONE);
    const periods = [
      calendarPeriod('year', today, today, ZONE),
      calendarPeriod('quarter', today, today, ZONE),
      parsePeriod({ from: '2025-02-10', to: '2025-09-03' }, ZONE),
      parsePeriod({ from: today, to: today }, ZONE),
    ];
    const kpis = app.get(ProgrammeKpisService);
    const alone = await Promise.all(periods.map((period) => kpis.kpis(period, 'MAD')));
    expect(await app.get(ProgrammeKpiSeries).series(periods, 'MAD')).toEqual(alone);
    expect(await app.get(ProgrammeKpiSeries).series([])).toEqual([]);
  });

  /** The report of `relance kpi` and the dashboard's months, from one pass: each period exactly as computed alone. */
  async function expectEachPeriodAlone(input: { from?: string; to?: string }, currency?: string) {
    const kpis = app.get(ProgrammeKpisService);
    const { report, months } = await kpis.reportWithMonths({ ...input, currency }, 12, now);
    const period = parsePeriod(input, ZONE, now);
    const { verbatims, previous_period: previous, year_on_year: yearBefore, ...current } = report;
    expect(current).toEqual(await kpis.kpis(period, currency));
    expect(
      verbatims.every((verbatim) => verbatim.received_at >= period.start && verbatim.received_at < period.end),
    ).toBe(true);
    expect(previous).toEqual(await kpis.kpis(previousPeriod(period, ZONE), currency));
    expect(yearBefore).toEqual(await kpis.kpis(yearEarlier(period, ZONE), currency));
    expect(months).toEqual(
      await Promise.all(monthsEnding(period.to, 12, ZONE).map((month) => kpis.kpis(month, currency))),
    );
    expect(await kpis.report({ ...input, currency }, now)).toEqual(report);
    return report;
  }

  it('gives the report (relance kpi) with its comparisons and months in one pass, equal to each period alone, also after new data', async () => {
    const today = localDate(now, ZONE);
    const year = calendarPeriod('year', today, today, ZONE);
    const inputs = [{}, { from: year.from, to: year.to }, { from: '2025-02-10', to: '2025-09-03' }];
    for (const input of inputs) await expectEachPeriodAlone(input);
    const before = await expectEachPeriodAlone({}, 'MAD');
    // New contacts, purchases (through the import, their one writer), a complaint and a survey answer this month.
    const at = new Date(now.getTime() - 60_000).toISOString();
    await app
      .get(ImportService)
      .importFile(
        'contacts',
        writeFile(env.home, 'kpi-new-contacts.csv', 'external_id,first_name\nKNEW1,Nadia\nKNEW2,Omar'),
      );
    const purchases = ['external_id,order_id,ordered_at,amount,currency', `KNEW1,KNEW-1,${at},120.50,MAD`];
    purchases.push(
      `KNEW2,KNEW-2,${at},80,EUR`,
      `KNEW2,KNEW-3,${new Date(now.getTime() - 400 * DAY).toISOString()},45,MAD`,
    );
    await app
      .get(ImportService)
      .importFile('purchases', writeFile(env.home, 'kpi-new-purchases.csv', purchases.join('\n')));
    await app.get(ComplaintIntakeService).receive({
      contact: { external_id: 'KNEW1' },
      channel: 'email',
      receivedAt: new Date(at),
      subject: 'Colis abîmé',
      description: 'Texte.',
      actor: 'test',
    });
    const after = await expectEachPeriodAlone({}, 'MAD');
    expect(after.orders).toBe(before.orders + 2);
    expect(after.complaints).toBe(before.complaints + 1);
    expect(after.revenue).toBeCloseTo(before.revenue + 120.5, 2);
    for (const input of inputs) await expectEachPeriodAlone(input);
  });
});
