import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { OperationsProfitabilityService } from '../../src/reports/operations-profitability.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const CONTACTS = Array.from({ length: 30 }, (_, i) => `Q${String(i).padStart(2, '0')}`);

/**
 * The reports of several campaigns asked at once (the operations table, the campaigns list) are
 * the reports asked one by one, figure for figure: a campaign with a control group, one without,
 * one in euros, one never launched; purchases with a response code, within the window, after it,
 * in another currency; opens, clicks by a link scanner, a reply, an unsubscription. The batch
 * splits the attribution rule in two (within the window, or carrying a code outside it), so the
 * edges of that split are bought on too: a code used within the window (counted once), a code used
 * before the first message, another treated contact's code, another campaign's code, a purchase on
 * the first message's instant and one on the window's end, a held-out purchase before the start.
 */
describe('campaign reports asked together equal the reports asked one by one (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const sink = new SmtpSink();
  const ids: string[] = [];

  const deliveries = (campaignId: string): Promise<Array<{ id: string; contact_id: string; response_code: string }>> =>
    db.query(`SELECT id::text, contact_id::text, response_code FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [
      campaignId,
    ]);

  const respond = (campaignId: string, delivery: { id: string; contact_id: string }, kind: string, automated = false) =>
    db.query(
      `INSERT INTO responses (delivery_id, campaign_id, contact_id, kind, automated, source, received_at) VALUES ($1, $2, $3, $4, $5, 'test', now())`,
      [delivery.id, campaignId, delivery.contact_id, kind, automated],
    );

  const buy = (contactId: string, order: string, days: number, amount: number, currency = 'MAD', code?: string) =>
    db.query(
      `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency, response_code)
       VALUES ($1, $2, now() + make_interval(days => $3), $4, $5, $6)`,
      [contactId, order, days, amount, currency, code ?? null],
    );

  /** A purchase `days` after the contact's first message of the campaign, to the microsecond. */
  const buyAfterFirstMessage = (campaignId: string, contactId: string, order: string, days: number, code?: string) =>
    db.query(
      `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency, response_code)
       SELECT $2, $3, min(sent_at) + make_interval(days => $4), 64, 'MAD', $5 FROM deliveries
       WHERE campaign_id = $1 AND contact_id = $2`,
      [campaignId, contactId, order, days, code ?? null],
    );

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({ SMTP_URL: sink.url, RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
    db = app.get(DataSource);
    await seedContacts(
      app,
      env.home,
      CONTACTS.map((id) => ({ id, email: `${id.toLowerCase()}@exemple.ma`, consent: ['email'] })),
    );
    // The first campaign's random control group must not take the other campaigns' four clients, whose
    // purchases would otherwise count among the control group's buyers on some runs.
    const fourClients = { field: 'external_id', op: 'in', value: ['Q00', 'Q01', 'Q02', 'Q03'] };
    const all = { segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'Q' }, { not: fourClients }] } };
    const few = { segment: { all: [fourClients] } };
    ids.push(await createCampaign(app, { name: 'Avec témoin', ...all, holdout_percent: 40, margin_rate: 0.3 }));
    ids.push(await createCampaign(app, { name: 'Sans témoin', ...few, attribution_days: 7 }));
    ids.push(
      await createCampaign(app, {
        name: 'En euros',
        ...few,
        costs: { fixed: 20, per_message: { email: 1 }, currency: 'EUR' },
      }),
    );
    for (const id of ids) await launchAndWait(app, id);
    ids.push(await createCampaign(app, { name: 'Brouillon', ...few }));

    const [withHoldout, withoutHoldout, inEuros] = await Promise.all(ids.slice(0, 3).map(deliveries));
    const holdout: Array<{ contact_id: string }> = await db.query(
      `SELECT contact_id::text FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'holdout' ORDER BY contact_id`,
      [ids[0]],
    );
    expect(holdout.length).toBeGreaterThan(3);
    await respond(ids[0], withHoldout[0], 'open');
    await respond(ids[0], withHoldout[1], 'open', true);
    await respond(ids[0], withHoldout[1], 'click', true);
    await respond(ids[0], withHoldout[2], 'reply');
    await respond(ids[1], withoutHoldout[0], 'click');
    await db.query(
      `INSERT INTO consent_events (contact_id, channel, status, method, collected_at, proof)
       VALUES ($1, 'email', 'withdrawn', 'unsubscribe_link', now(), jsonb_build_object('delivery_id', $2::text))`,
      [withHoldout[3].contact_id, withHoldout[3].id],
    );
    await buy(withHoldout[0].contact_id, 'O1', 2, 450.5);
    await buy(withHoldout[1].contact_id, 'O2', 90, 300, 'MAD', withHoldout[1].response_code);
    await buy(withHoldout[2].contact_id, 'O3', 5, 80, 'EUR');
    await buy(withHoldout[4].contact_id, 'O4', 60, 999);
    await buy(holdout[0].contact_id, 'O5', 3, 120);
    await buy(holdout[1].contact_id, 'O6', 10, 75.25);
    await buy(withoutHoldout[0].contact_id, 'O7', 6, 200);
    await buy(inEuros[1].contact_id, 'O8', 1, 42, 'EUR');
    await buy(withHoldout[5].contact_id, 'E1', 3, 33, 'MAD', withHoldout[5].response_code);
    await buy(withHoldout[6].contact_id, 'E2', -5, 44);
    await buy(withHoldout[7].contact_id, 'E3', -5, 55, 'MAD', withHoldout[7].response_code);
    await buy(withHoldout[8].contact_id, 'E4', 200, 66, 'MAD', withHoldout[9].response_code);
    await buy(withHoldout[10].contact_id, 'E5', 200, 77, 'MAD', withoutHoldout[1].response_code);
    await buy(withoutHoldout[2].contact_id, 'E6', 100, 88, 'MAD', inEuros[2].response_code);
    await buyAfterFirstMessage(ids[0], withHoldout[11].contact_id, 'E7', 30);
    await buyAfterFirstMessage(ids[0], withHoldout[12].contact_id, 'E8', 0);
    await buy(holdout[2].contact_id, 'E9', -1, 99);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('gives each campaign its own report, whatever the order and however many are asked', async () => {
    const service = app.get(CampaignReportService);
    const one = await Promise.all(ids.map((id) => service.report(id)));
    expect(one[0].conversions.holdout.contacts).toBeGreaterThan(3);
    expect(one[0].conversions.holdout.buyers).toBe(2);
    // O1, O2 (its code), O3 (in euros), E1 (once), E3 (code before), E4 (another's code), E8 (on the first message).
    expect(one[0].conversions.treatment.buyers).toBe(7);
    expect(one[0].lift).not.toBeNull();
    expect(one[0].responses.unsubscribed).toBe(1);
    expect(one[0].left_out.currencies).toEqual(['EUR']);
    expect(one[2].revenue).toBe(42);
    expect(await service.reports(ids)).toEqual(one);
    expect(await service.reports([...ids].reverse())).toEqual([...one].reverse());
    expect(await service.reports([ids[1]])).toEqual([one[1]]);
    expect(await service.reports([])).toEqual([]);
  });

  it('refuses an unknown campaign among them as the single report does', async () => {
    await expect(
      app.get(CampaignReportService).reports([ids[0], '00000000-0000-4000-8000-000000000000']),
    ).rejects.toThrow(/no campaign/);
  });

  it('fills the operations table with the figures of each campaign’s own report', async () => {
    const report = await app.get(OperationsProfitabilityService).report({});
    const rows = report.tables.flatMap((table) => table.operations);
    expect(rows.map((row) => row.id).sort()).toEqual(ids.slice(0, 3).sort());
    for (const row of rows) {
      const own = await app.get(CampaignReportService).report(row.id);
      expect([row.sent, row.responders, row.cost, row.revenue, row.profit, row.roi]).toEqual([
        own.messages.sent,
        own.responses.responders,
        own.cost,
        own.revenue,
        own.profit,
        own.roi,
      ]);
      expect([row.incremental_revenue, row.incremental_profit, row.lift]).toEqual([
        own.incremental_revenue,
        own.incremental_profit,
        own.lift,
      ]);
    }
  });
});
