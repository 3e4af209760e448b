import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { CampaignRunner } from '../../src/campaigns/campaign-runner.service';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CallOutcomesService } from '../../src/responses/call-outcomes.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { ResponsesService } from '../../src/responses/responses.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('a letter, then a call eight days later to those who did not answer', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('prints the batch, takes coupons, then plans the calls for non-responders only', async () => {
    await seedContacts(app, env.home, [
      { id: 'L1', phone: '0661234567', postalCode: '20250', city: 'Casablanca', consent: ['phone'] },
      { id: 'L2', phone: '0661234568', postalCode: '10000', city: 'Rabat', consent: ['phone'] },
      { id: 'L3', phone: '0661234569', postalCode: '40000', city: 'Marrakech', consent: ['phone'] },
    ]);
    const id = await createCampaign(app, {
      objective: 'reactivation',
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'L' }] },
      data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' },
      steps: [
        { channel: 'letter', template: 'templates/letters/winback.hbs' },
        { channel: 'phone', template: 'templates/phone/winback.hbs', delay_days: 8, only_non_responders: true },
      ],
    });
    const { launched, done } = await launchAndWait(app, id);
    expect(launched.audience.targeted).toBe(3);
    expect(done.pending_steps.map((s) => s.position)).toEqual([2]);
    const [batch] = await db.query(
      `SELECT letters, pages, pdf_path, manifest_path, postage_cost::float8 AS postage FROM print_batches WHERE campaign_id = $1`,
      [id],
    );
    expect(batch).toMatchObject({ letters: 3, postage: 13.5 });
    expect(fs.existsSync(batch.pdf_path)).toBe(true);
    const manifest = fs.readFileSync(batch.manifest_path, 'utf8').trim().split(/\r?\n/);
    expect(manifest).toHaveLength(4);
    // Postage sorting: by postal code.
    expect(manifest.slice(1).map((line) => line.split(',')[2])).toEqual(['L2', 'L1', 'L3']);

    const [l2] = await db.query(
      `SELECT d.response_code FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = 'L2' AND d.campaign_id = $1`,
      [id],
    );
    const responses = app.get(ResponsesService);
    expect(
      await responses.record({
        kind: 'coupon',
        code: l2.response_code,
        source: 'test',
        details: { choices: ['interested'] },
      }),
    ).toMatchObject({ duplicate: false });
    expect(
      await responses.record({ kind: 'coupon', code: l2.response_code.toLowerCase(), source: 'test' }),
    ).toMatchObject({ duplicate: true });

    // Eight days later, on a weekday morning.
    const later = new Date(Date.now() + 9 * 86_400_000);
    await app.get(CampaignRunner).sweep(later);
    await app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    const calls: Array<{ external_id: string; state: string; script: unknown }> = await db.query(
      `SELECT c.external_id, d.state, d.data -> 'script' AS script FROM deliveries d JOIN contacts c ON c.id = d.contact_id
       JOIN campaign_steps s ON s.id = d.step_id WHERE d.campaign_id = $1 AND s.position = 2 ORDER BY 1`,
      [id],
    );
    expect(calls.map((c) => c.external_id)).toEqual(['L1', 'L3']);
    expect(calls.every((c) => c.state === 'delivered' && c.script)).toBe(true);

    const [call] = await db.query(
      `SELECT d.id::text FROM deliveries d JOIN contacts c ON c.id = d.contact_id JOIN campaign_steps s ON s.id = d.step_id WHERE c.external_id = 'L1' AND s.position = 2`,
    );
    expect(
      await app.get(CallOutcomesService).record(call.id, 'appointment', 'rendez-vous jeudi', 'test'),
    ).toMatchObject({ positive: true });
    const report = await app.get(CampaignReportService).report(id);
    expect(report).toMatchObject({
      status: 'completed',
      messages: { sent: 5, delivered: 5 },
      responses: { coupons: 1, calls_positive: 1, responders: 2 },
      cost: 100 + 3 * 4.5 + 2 * 12,
      by_channel: { letter: { sent: 3, cost: 13.5 }, phone: { sent: 2, cost: 24 } },
    });
  });
});
