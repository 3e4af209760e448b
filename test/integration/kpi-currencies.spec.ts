import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ComplaintDashboardService } from '../../src/reports/complaint-dashboard.service';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { ComplaintWorkflowService } from '../../src/complaints/complaint-workflow.service';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { runCli } from '../support/cli';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { insertContacts, insertPurchases } from '../support/segment-base';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/**
 * A French–Moroccan company on a French installation (default currency EUR), May 2026:
 * A buys 2 × 100 €, B 300 € and 500 MAD, C 2 × 1,000 MAD, D 2,000 MAD — 7 orders from 4 buyers,
 * 500 € over 3 orders and 4,500 MAD over 4. Two complaints, answered with 25 € and 450 MAD of
 * compensations. No exchange rate is assumed: each currency's money is given apart, and the
 * money ratios in the requested currency say what they leave out.
 */
describe('programme KPIs with purchases and compensations in two currencies (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let manager: string;
  const may = (day: number) => new Date(Date.UTC(2026, 4, day, 10));

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_DEFAULT_COUNTRY: 'FR' });
    app = await startHttp();
    const db = app.get(DataSource);
    manager = (await app.get(ApiKeyService).create('manager')).key;
    const ids = await insertContacts(
      db,
      ['A', 'B', 'C', 'D'].map((external_id) => ({ external_id, last_name: `Client ${external_id}`, country: 'FR' })),
    );
    await insertPurchases(db, ids.get('A')!, [
      { at: may(3), amount: 100 },
      { at: may(4), amount: 100 },
    ]);
    await insertPurchases(db, ids.get('B')!, [
      { at: may(5), amount: 300 },
      { at: may(6), amount: 500, currency: 'MAD' },
    ]);
    await insertPurchases(db, ids.get('C')!, [
      { at: may(7), amount: 1000, currency: 'MAD' },
      { at: may(8), amount: 1000, currency: 'MAD' },
    ]);
    await insertPurchases(db, ids.get('D')!, [{ at: may(9), amount: 2000, currency: 'MAD' }]);
    for (const [who, compensation] of [
      ['A', { kind: 'refund', amount: 25, currency: 'EUR' }],
      ['C', { kind: 'voucher', amount: 450, currency: 'MAD' }],
    ] as const) {
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: who },
        channel: 'email',
        receivedAt: may(10),
        subject: 'Réclamation',
        description: 'Texte.',
        actor: 'test',
      });
      const workflow = app.get(ComplaintWorkflowService);
      await workflow.qualify(reference, { cause: 'delivery_delay' }, 'test', may(10));
      await workflow.assign(reference, { owner: 'Karim' }, 'test', may(10));
      await workflow.answer(
        reference,
        { summary: 'votre commande', corrective_measures: 'nous avons corrigé.', compensation: { ...compensation } },
        'test',
        may(11),
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('counts every order and buyer, gives each currency its total and says what the EUR ratios leave out', async () => {
    const result = await runCli('kpi', '--from', '2026-05-01', '--to', '2026-05-31', '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      currency: 'EUR',
      orders: 7,
      buyers: 4,
      revenue: 500,
      average_basket: 166.67, // 500 € ÷ 3 orders in euros
      purchase_frequency: 1.75, // 7 orders ÷ 4 buyers, whatever the currency
      complaint_rate: 28.57, // 2 complaints ÷ 7 orders
      compensation_costs: 25,
      loss_rate: 5, // 25 € ÷ 500 €
      revenue_by_currency: { EUR: 500, MAD: 4500 },
      compensation_by_currency: { EUR: 25, MAD: 450 },
      left_out: {
        currencies: ['MAD'],
        orders: 4,
        revenue_by_currency: { MAD: 4500 },
        compensation_by_currency: { MAD: 450 },
        note: expect.stringContaining('MAD'),
      },
    });
  });

  it('computes the money ratios in the currency asked for, through the CLI and the API', async () => {
    const cli = await runCli('kpi', '--from', '2026-05-01', '--to', '2026-05-31', '--currency', 'mad', '--json');
    expect(cli.code).toBe(0);
    const expected = {
      currency: 'MAD',
      orders: 7,
      buyers: 4,
      revenue: 4500,
      average_basket: 1125,
      purchase_frequency: 1.75,
      compensation_costs: 450,
      loss_rate: 10,
      revenue_by_currency: { EUR: 500, MAD: 4500 },
      compensation_by_currency: { EUR: 25, MAD: 450 },
      left_out: {
        currencies: ['EUR'],
        orders: 3,
        revenue_by_currency: { EUR: 500 },
        compensation_by_currency: { EUR: 25 },
      },
    };
    expect(cli.json()).toMatchObject(expected);
    const http = await request(app.getHttpServer())
      .get('/api/v1/kpis?from=2026-05-01&to=2026-05-31&currency=MAD')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(http.body).toMatchObject(expected);
    // The comparable periods are in the same currency.
    expect(http.body.previous_period).toMatchObject({ currency: 'MAD', revenue: 0, left_out: { currencies: [] } });
    const human = await runCli('kpi', '--from', '2026-05-01', '--to', '2026-05-31');
    expect(human.stdout).toMatch(/MAD/);
  });

  it('nothing is left out when every amount is in the currency asked for', async () => {
    const june = await runCli('kpi', '--from', '2026-06-01', '--to', '2026-06-30', '--json');
    expect(june.json()).toMatchObject({
      revenue: 0,
      orders: 0,
      buyers: 0,
      revenue_by_currency: {},
      left_out: { currencies: [], orders: 0, note: null },
    });
  });

  it('refuses a currency that is not an ISO 4217 code, naming the field', async () => {
    const cli = await runCli('kpi', '--currency', 'euros', '--json');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/currency/);
    const http = await request(app.getHttpServer())
      .get('/api/v1/kpis?currency=E1')
      .set('Authorization', `Bearer ${manager}`)
      .expect(400);
    expect(JSON.stringify(http.body)).toContain('currency');
  });

  it('the complaints dashboard lists what its loss rate leaves out too', async () => {
    const dashboard = await app.get(ComplaintDashboardService).dashboard({ from: '2026-05-01', to: '2026-05-31' });
    expect(dashboard.rates).toMatchObject({ orders: 7, revenue: 500, compensation_costs: 25, loss_rate: 5 });
    expect(dashboard.left_out).toMatchObject({
      currencies: ['MAD'],
      orders: 4,
      revenue_by_currency: { MAD: 4500 },
      compensation_by_currency: { MAD: 450 },
    });
  });
});
