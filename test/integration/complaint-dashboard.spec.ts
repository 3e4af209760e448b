import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintDashboardService } from '../../src/reports/complaint-dashboard.service';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { runCli } from '../support/cli';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { insertContacts, insertPurchases } from '../support/segment-base';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const DAY = 86_400_000;
const at = (iso: string, plusDays = 0) => new Date(new Date(iso).getTime() + plusDays * DAY);

/**
 * A hand-built May 2026 (Europe/Paris, EUR): 100 buyers placing 500 orders of 400 € (revenue
 * 200,000 €); 80 clients active on 1 May (an April order), 60 of whom buy again in May; ten
 * complaints, five answered after 1, 2, 3, 4 and 9 days with 5,000 € of compensations; ten
 * survey answers. The domain examples: 10 / 500 = 2 %, 5,000 / 200,000 = 2.5 %.
 */
describe('complaints dashboard and programme KPIs: known answers (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_DEFAULT_COUNTRY: 'FR' });
    app = await startContext();
    db = app.get(DataSource);
    const buyers = Array.from({ length: 100 }, (_, i) => `P${String(i + 1).padStart(3, '0')}`);
    const lapsed = Array.from({ length: 20 }, (_, i) => `Q${String(i + 1).padStart(3, '0')}`);
    const ids = await insertContacts(
      db,
      [...buyers, ...lapsed].map((external_id, i) => ({
        external_id,
        last_name: `Client ${external_id}`,
        address_line1: '1 rue de la Paix',
        postal_code: '75002',
        city: 'Paris',
        country: 'FR',
        region: i < 5 ? 'Île-de-France' : 'Bretagne',
      })),
    );
    for (const [index, externalId] of buyers.entries()) {
      await insertPurchases(
        db,
        ids.get(externalId)!,
        Array.from({ length: 5 }, (_, k) => ({ at: at('2026-05-10T10:00:00Z', k), amount: 400 })),
      );
      if (index < 60)
        await insertPurchases(db, ids.get(externalId)!, [{ at: at('2026-04-15T10:00:00Z'), amount: 100 }]);
    }
    for (const externalId of lapsed)
      await insertPurchases(db, ids.get(externalId)!, [{ at: at('2026-04-15T10:00:00Z'), amount: 100 }]);

    const causes = [
      'delivery_delay',
      'delivery_delay',
      'delivery_delay',
      'delivery_delay',
      'delivery_delay',
      'delivery_delay',
      'billing_error',
      'product_defect',
      'billing_error',
      'billing_error',
    ];
    const answers: Record<
      number,
      { days: number; compensation?: { kind: 'refund' | 'voucher' | 'credit_note'; amount: number } }
    > = {
      0: { days: 1, compensation: { kind: 'refund', amount: 1000 } },
      1: { days: 2, compensation: { kind: 'voucher', amount: 1500 } },
      2: { days: 3 },
      3: { days: 4 },
      4: { days: 9, compensation: { kind: 'credit_note', amount: 2500 } },
    };
    for (let i = 0; i < 10; i++) {
      const receivedAt =
        i < 8 ? at('2026-05-04T08:00:00Z', i) : at(i === 8 ? '2026-05-26T08:00:00Z' : '2026-05-27T08:00:00Z');
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: buyers[i] },
        channel: i < 7 ? 'email' : 'phone',
        receivedAt,
        subject: `Réclamation ${i}`,
        description: 'Texte.',
        registeredLetter: i === 7 || i === 8,
        actor: 'test',
      });
      const workflow = app.get(ComplaintWorkflowService);
      await workflow.qualify(reference, { cause: causes[i] }, 'test', receivedAt);
      const answer = answers[i];
      if (!answer) continue;
      await workflow.assign(reference, { owner: 'Karim' }, 'test', receivedAt);
      await workflow.answer(
        reference,
        { summary: 'votre commande', corrective_measures: 'nous avons corrigé.', compensation: answer.compensation },
        'test',
        at(receivedAt.toISOString(), answer.days),
      );
    }
    const scores = [10, 9, 9, 10, 9, 7, 8, 7, 6, 0];
    for (const [i, score] of scores.entries()) {
      await db.query(
        `INSERT INTO responses (contact_id, kind, value, details, source, received_at) VALUES ($1, 'survey', $2, $3, 'test', $4)`,
        [
          ids.get(buyers[20 + i]),
          String(score),
          JSON.stringify({
            score,
            comment: score <= 6 ? `Déçu (${score})` : '',
            category: score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor',
          }),
          at('2026-05-20T12:00:00Z'),
        ],
      );
    }
    // Outside the period: not counted.
    await db.query(
      `INSERT INTO responses (contact_id, kind, value, details, source, received_at) VALUES ($1, 'survey', '0', '{"score":0}', 'test', '2026-06-02T12:00:00Z')`,
      [ids.get('Q001')],
    );
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('computes every dashboard figure as by hand', async () => {
    const d = await app.get(ComplaintDashboardService).dashboard({ from: '2026-05-01', to: '2026-05-31' });
    expect(d.months).toEqual([expect.objectContaining({ month: '2026-05', received: 10, cumulative_received: 10 })]);
    expect(d.cumulative).toEqual({
      received: 10,
      by_origin: { email: 7, phone: 3 },
      by_cause: { delivery_delay: 6, billing_error: 3, product_defect: 1 },
      by_sector: { 'Île-de-France': 5, Bretagne: 5 },
    });
    expect(d.handling_delay_days).toEqual({ count: 5, mean: 3.8, median: 3, p90: 9 });
    // Late answer (9 days > 7) and three unanswered past their due date; the two of late May are not due yet on 1 June.
    expect(d.sla).toEqual({
      received: 10,
      breached: 4,
      overdue_open: 3,
      escalated: 0,
      breach_rate: 40,
      answered: 5,
      answered_on_time: 4,
      on_time_rate: 80,
    });
    expect(d.registered_letters).toBe(2);
    expect(d.compensations.total_by_currency).toEqual({ EUR: 5000 });
    expect(d.rates).toEqual({
      complaints: 10,
      orders: 500,
      complaint_rate: 2,
      compensation_costs: 5000,
      revenue: 200000,
      loss_rate: 2.5,
    });
    expect(d.top_causes.last_week).toEqual([{ cause: 'billing_error', count: 2 }]);
    expect(d.top_causes.last_month).toEqual([
      { cause: 'delivery_delay', count: 6 },
      { cause: 'billing_error', count: 3 },
      { cause: 'product_defect', count: 1 },
    ]);
    expect(d.unhappy_clients).toHaveLength(10);
    expect(d.unhappy_clients[0]).toMatchObject({
      open_complaints: 1,
      complaints: [expect.objectContaining({ subject: expect.stringMatching(/^Réclamation/) })],
    });
  });

  it('reproduces the domain examples and the NPS through `relance kpi`', async () => {
    const result = await runCli('kpi', '--from', '2026-05-01', '--to', '2026-05-31', '--json');
    expect(result.code).toBe(0);
    const kpi = result.json();
    expect(kpi).toMatchObject({
      from: '2026-05-01',
      to: '2026-05-31',
      clients_active_start: 80,
      retention_rate: 75,
      attrition_rate: 25,
      complaint_rate: 2,
      loss_rate: 2.5,
      nps: 30,
      promoters: 5,
      passives: 3,
      detractors: 2,
      average_basket: 400,
      purchase_frequency: 5,
      revenue: 200000,
    });
    expect(kpi.verbatims.map((v: { comment: string }) => v.comment).sort()).toEqual(['Déçu (0)', 'Déçu (6)']);
    expect(kpi.previous_period).toMatchObject({
      from: '2026-04-01',
      to: '2026-04-30',
      revenue: 8000,
      clients_active_start: 0,
      retention_rate: null,
      complaint_rate: 0,
    });
    expect(kpi.year_on_year).toMatchObject({ from: '2025-05-01', to: '2025-05-31', revenue: 0, complaint_rate: null });
    const csv = await runCli('complaint', 'dashboard', '--from', '2026-05-01', '--to', '2026-05-31', '--csv');
    expect(csv.stdout).toContain('rates,period,loss_rate,,2.5');
    const bad = await runCli('kpi', '--from', '2026-02-30', '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/from: must be a date/);
  });
});
