import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationsService } from '../../src/automations/automations.service';
import { ImportService } from '../../src/imports/import.service';
import { AutomationReportService } from '../../src/reports/automation-report.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { OperationsProfitabilityService } from '../../src/reports/operations-profitability.service';
import { parsePeriod } from '../../src/reports/report-period';
import { ResponsesService } from '../../src/responses/responses.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const ZONE = 'Europe/Paris';
const round2 = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;
const CONTACTS = Array.from({ length: 24 }, (_, i) => `P${String(i).padStart(2, '0')}`);

interface Member {
  external_id: string;
  contact_id: string;
}

/**
 * Rentabilité des opérations on a base built by hand. Campaigns: A (MAD, sent 20 May 2026), B
 * (MAD, launched 15 December 2025, one message sent 3 January 2026), C (MAD, autumn 2025 only),
 * D (EUR, 20 June 2026), E (a draft). An automation on 1 March each year (10:00 in Paris = 09:00 UTC)
 * with half its contacts held out, ticked in 2025 and in 2026. T are its treated contacts, H its held-out ones.
 */
describe('operations profitability: which operations, their figures and totals (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const sink = new SmtpSink();
  const ids: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' };
  let automationId: string;
  let T: Member[];
  let H: Member[];

  const sendCampaign = async (
    key: 'A' | 'B' | 'C' | 'D',
    overrides: Record<string, unknown>,
    sentAt: string,
    completedAt = sentAt,
  ) => {
    ids[key] = await createCampaign(app, { name: `Campagne ${key}`, holdout_percent: 0, ...overrides });
    await launchAndWait(app, ids[key]);
    await db.query(`UPDATE deliveries SET sent_at = $2, delivered_at = $2 WHERE campaign_id = $1`, [ids[key], sentAt]);
    await db.query(`UPDATE campaigns SET launched_at = $2, completed_at = $3 WHERE id = $1`, [
      ids[key],
      sentAt,
      completedAt,
    ]);
  };

  const automationGroup = async (outcome: 'queued' | 'holdout'): Promise<Member[]> =>
    db.query(
      `SELECT DISTINCT c.external_id, c.id::text AS contact_id FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id
       WHERE o.automation_id = $1 AND o.outcome = $2 ORDER BY 1`,
      [automationId, outcome],
    );

  const code = async (member: Member, year: number): Promise<string> =>
    (
      await db.query(
        `SELECT d.response_code FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id
         WHERE a.id = $1 AND d.contact_id = $2 AND d.occurrence LIKE $3`,
        [automationId, member.contact_id, `${year}%`],
      )
    )[0].response_code;

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
      RELANCE_TIMEZONE: ZONE,
    });
    app = await startContext();
    db = app.get(DataSource);
    await seedContacts(
      app,
      env.home,
      CONTACTS.map((id) => ({ id, email: `${id.toLowerCase()}@exemple.ma`, consent: ['email'] })),
    );
    const few = { segment: { all: [{ field: 'external_id', op: 'in', value: ['P00', 'P01', 'P02'] }] } };
    const costs = { fixed: 100, per_message: { email: 0.5 }, currency: 'MAD' };
    await sendCampaign(
      'A',
      { segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'P' }] }, costs, margin_rate: 0.4 },
      '2026-05-20T10:00:00Z',
    );
    await sendCampaign('B', { ...few, costs }, '2025-12-15T10:00:00Z', '2026-01-03T10:00:00Z');
    await db.query(
      `UPDATE deliveries SET sent_at = '2026-01-03T10:00:00Z' WHERE id = (SELECT min(id) FROM deliveries WHERE campaign_id = $1)`,
      [ids.B],
    );
    await sendCampaign('C', { ...few, costs }, '2025-10-01T10:00:00Z');
    await sendCampaign(
      'D',
      { ...few, costs: { fixed: 20, per_message: { email: 1 }, currency: 'EUR' } },
      '2026-06-20T10:00:00Z',
    );
    ids.E = await createCampaign(app, { name: 'Campagne E (brouillon)', ...few });

    const example = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', 'seasons-greetings.json'), 'utf8'),
    );
    automationId = (
      await app.get(AutomationsService).save({
        ...example,
        name: 'Printemps annuel',
        trigger: { type: 'fixed_date', month: 3, day: 1, local_time: '10:00' },
        segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'P' }] },
        holdout_percent: 50,
        margin_rate: 0.5,
        attribution_days: 30,
        costs: { fixed: 50, per_message: { email: 1 }, currency: 'MAD' },
      })
    ).id;
    const scheduler = app.get(AutomationScheduler);
    for (const year of [2025, 2026]) {
      await scheduler.tick(new Date(`${year}-03-01T12:00:00Z`));
      await scheduler.dispatchDue();
      // The engine sends now: the messages are dated back to their occurrence.
      await db.query(
        `UPDATE deliveries d SET sent_at = o.due_at, delivered_at = o.due_at FROM automation_occurrences o
         WHERE o.delivery_id = d.id AND o.automation_id = $1 AND o.due_at >= $2 AND o.due_at < $3`,
        [automationId, `${year}-01-01`, `${year + 1}-01-01`],
      );
    }
    T = await automationGroup('queued');
    H = await automationGroup('holdout');

    const purchase = (who: Member | string, order: string, at: string, amount: number, currency = 'MAD') =>
      `${typeof who === 'string' ? who : who.external_id},${order},${at},${amount},${currency},`;
    const summary = await app.get(ImportService).importFile(
      'purchases',
      writeFile(
        env.home,
        'purchases.csv',
        [
          'external_id,order_id,ordered_at,amount,currency,response_code',
          purchase(T[0], 'Q1', '2025-03-03T10:00:00Z', 300), // the 2025 occurrence's window
          purchase(H[1], 'Q2', '2025-03-10T10:00:00Z', 70), // held out, 2025
          purchase(T[0], 'Q3', '2026-03-05T10:00:00Z', 200), // the 2026 occurrence's window
          purchase(T[1], 'Q4', '2026-04-15T10:00:00Z', 100), // 45 days after: outside
          purchase(H[0], 'Q5', '2026-03-10T10:00:00Z', 50), // held out, 2026
          purchase('P23', 'Q6', '2026-05-25T10:00:00Z', 400), // campaign A's window only
          purchase('P00', 'Q7', '2026-06-25T10:00:00Z', 80, 'EUR'), // campaign D's
        ].join('\n'),
      ),
    );
    expect(summary).toMatchObject({ inserted: 7, rejected: 0 });
    const responses = app.get(ResponsesService);
    await responses.record({
      kind: 'coupon',
      code: await code(T[2], 2026),
      source: 'test',
      receivedAt: new Date('2026-03-04T10:00:00Z'),
    });
    await responses.record({
      kind: 'coupon',
      code: await code(T[3], 2025),
      source: 'test',
      receivedAt: new Date('2025-03-04T10:00:00Z'),
    });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  const operations = (from: string, to: string) => app.get(OperationsProfitabilityService).report({ from, to });

  it('builds the automation and its groups as the spec expects', () => {
    // 24 contacts, half held out by a hash of the automation and contact: both groups are large enough.
    expect(T.length + H.length).toBe(24);
    expect(T.length).toBeGreaterThanOrEqual(4);
    expect(H.length).toBeGreaterThanOrEqual(2);
  });

  it('restricts the automation report to the occurrences due in a period: a hand computation', async () => {
    const t = T.length;
    const h = H.length;
    const report = await app
      .get(AutomationReportService)
      .report(automationId, parsePeriod({ from: '2026-01-01', to: '2026-06-30' }, ZONE));
    const incrementalRevenue = round2((200 / t - 50 / h) * t);
    expect(report).toMatchObject({
      period: { from: '2026-01-01', to: '2026-06-30' },
      occurrences: { queued: t, holdout: h },
      audience: { segment: 24, holdout: h, targeted: t },
      messages: { sent: t, delivered: t },
      // T2's coupon answers a 2026 message; T3's a 2025 one.
      responses: { coupons: 1, responders: 1 },
      // T0 bought 200 four days after the 2026 message (T1 45 days after: outside); H0 50 in the holdout.
      conversions: {
        treatment: { contacts: t, buyers: 1, revenue: 200 },
        holdout: { contacts: h, buyers: 1, revenue: 50 },
      },
      // One e-mail at 1 MAD each; the fixed cost counts in the period the automation was created in, not this one.
      cost: t,
      revenue: 200,
      gross_margin: 100,
      profit: round2(100 - t),
      roi: round2((100 - t) / t),
      cost_per_response: t,
      incremental_revenue: incrementalRevenue,
      incremental_profit: round2(incrementalRevenue * 0.5 - t),
      incremental_roi: round2(round2(incrementalRevenue * 0.5 - t) / t),
      lift: round2(h / t - 1),
    });
    const year2025 = await app
      .get(AutomationReportService)
      .report(automationId, parsePeriod({ from: '2025-01-01', to: '2025-12-31' }, ZONE));
    expect(year2025).toMatchObject({
      messages: { sent: t },
      responses: { responders: 1 },
      conversions: { treatment: { buyers: 1, revenue: 300 }, holdout: { buyers: 1, revenue: 70 } },
      cost: t,
      revenue: 300,
    });
  });

  it('gives the restricted automation report on the command line too, and refuses a bad date naming it', async () => {
    const cli = await runCli(
      'automation',
      'report',
      'Printemps annuel',
      '--from',
      '2026-01-01',
      '--to',
      '2026-06-30',
      '--json',
    );
    expect(cli.code).toBe(0);
    const period = parsePeriod({ from: '2026-01-01', to: '2026-06-30' }, ZONE);
    expect(cli.json()).toEqual(
      JSON.parse(JSON.stringify(await app.get(AutomationReportService).report(automationId, period))),
    );
    const refused = await runCli('automation', 'report', 'Printemps annuel', '--to', '2026-06-31', '--json');
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toMatch(/to: must be a date as YYYY-MM-DD/);
  });

  it('over a period holding every occurrence and the creation, gives the money of the whole report', async () => {
    const whole = await app.get(AutomationReportService).report(automationId);
    const scoped = await app
      .get(AutomationReportService)
      .report(automationId, parsePeriod({ from: '2025-01-01' }, ZONE) /* to today: the automation was created today */);
    const money = (r: typeof whole) => [
      r.messages.sent,
      r.cost,
      r.revenue,
      r.gross_margin,
      r.profit,
      r.roi,
      r.incremental_revenue,
      r.incremental_profit,
      r.lift,
      r.conversions,
    ];
    expect(money(scoped)).toEqual(money(whole));
    // Two e-mails to each treated contact, and the fixed cost once.
    expect(whole.cost).toBe(2 * T.length + 50);
  });

  it('lists every operation active in the period, with its report’s figures, a table per currency', async () => {
    const report = await operations('2026-01-01', '2026-06-30');
    expect(report).toMatchObject({ from: '2026-01-01', to: '2026-06-30', timezone: ZONE });
    expect(report.tables.map((table) => table.currency)).toEqual(['EUR', 'MAD']);
    const [eur, mad] = report.tables;
    // B sent a message in January; A was launched in May; C (autumn 2025) and E (a draft) were not active.
    expect(mad.operations.map((row) => [row.kind, row.id])).toEqual([
      ['campaign', ids.B],
      ['campaign', ids.A],
      ['automation', automationId],
    ]);
    expect(eur.operations.map((row) => row.id)).toEqual([ids.D]);
    for (const row of [...mad.operations, ...eur.operations].filter((r) => r.kind === 'campaign')) {
      const own = await app.get(CampaignReportService).report(row.id);
      expect(row).toMatchObject({
        name: own.name,
        cost: own.cost,
        revenue: own.revenue,
        gross_margin: own.gross_margin,
        profit: own.profit,
        roi: own.roi,
        incremental_profit: own.incremental_profit,
        incremental_roi: own.incremental_roi,
        cost_per_response: own.cost_per_response,
        incremental_revenue: own.incremental_revenue,
        lift: own.lift,
      });
    }
    // A: 24 e-mails at 0.50 + 100 = 112; P23's 400 at a 0.40 margin = 160; profit 48. No control group.
    expect(mad.operations[1]).toMatchObject({
      sent: 24,
      cost: 112,
      revenue: 400,
      gross_margin: 160,
      profit: 48,
      roi: 0.43,
    });
    expect(mad.operations[1]).toMatchObject({ control_group: false, incremental_profit: null, incremental_roi: null });
    // D: 3 e-mails at 1 EUR + 20 = 23; P00's 80 EUR, no margin rate (1): profit 57.
    expect(eur.operations[0]).toMatchObject({ currency: 'EUR', cost: 23, revenue: 80, profit: 57, roi: 2.48 });
    const automation = await app
      .get(AutomationReportService)
      .report(automationId, parsePeriod({ from: '2026-01-01', to: '2026-06-30' }, ZONE));
    expect(mad.operations[2]).toMatchObject({
      name: 'Printemps annuel',
      occurrences: 24,
      control_group: true,
      cost: automation.cost,
      profit: automation.profit,
      incremental_profit: automation.incremental_profit,
      incremental_roi: automation.incremental_roi,
    });
  });

  it('totals the money and divides the totals', async () => {
    const [eur, mad] = (await operations('2026-01-01', '2026-06-30')).tables;
    const rows = mad.operations;
    const add = (pick: (row: (typeof rows)[number]) => number) => round2(rows.reduce((sum, row) => sum + pick(row), 0));
    const cost = add((row) => row.cost);
    const profit = add((row) => row.profit);
    // B: 3 e-mails at 0.50 + 100; A: 112; the automation: 1 MAD per treated contact.
    expect(cost).toBe(round2(101.5 + 112 + T.length));
    expect(mad.totals).toMatchObject({
      operations: 3,
      cost,
      revenue: add((row) => row.revenue),
      gross_margin: add((row) => row.gross_margin),
      profit,
      roi: round2(profit / cost),
      // Only the automation has a control group.
      with_control_group: 1,
      cost_with_control_group: T.length,
      incremental_profit: rows[2].incremental_profit,
      incremental_roi: rows[2].incremental_roi,
    });
    expect(eur.totals).toMatchObject({ operations: 1, cost: 23, profit: 57, roi: 2.48, incremental_profit: null });
  });

  it('counts a campaign in the period it was launched in or sent in, an automation in the periods of its occurrences', async () => {
    const names = async (from: string, to: string) =>
      (await operations(from, to)).tables.flatMap((table) => table.operations.map((row) => row.name)).sort();
    expect(await names('2025-09-01', '2025-10-31')).toEqual(['Campagne C']);
    expect(await names('2025-01-01', '2025-12-31')).toEqual(['Campagne B', 'Campagne C', 'Printemps annuel']);
    expect(await names('2026-01-04', '2026-01-31')).toEqual([]);
    expect(await names('2026-01-03', '2026-01-03')).toEqual(['Campagne B']);
    // By default, the twelve months up to today.
    const byDefault = await app.get(OperationsProfitabilityService).report({}, new Date('2026-06-30T12:00:00Z'));
    expect([byDefault.from, byDefault.to]).toEqual(['2025-07-01', '2026-06-30']);
    expect(
      byDefault.tables
        .flatMap((table) => table.operations)
        .map((row) => row.name)
        .sort(),
    ).toEqual(['Campagne A', 'Campagne B', 'Campagne C', 'Campagne D', 'Printemps annuel']);
  });
});
