import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { CallOutcomesService } from '../../src/responses/call-outcomes.service';
import { parseCallOutcome } from '../../src/responses/calls/call-outcome-input';
import { CallFileService } from '../../src/responses/calls/call-file.service';
import { CallQueueService } from '../../src/responses/calls/call-queue.service';
import { CallWorkService } from '../../src/responses/calls/call-work.service';
import { CouponsService, type CouponFound } from '../../src/responses/coupons.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const DAY = 86_400_000;

describe('calls worked from the call screen and coupons typed back', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let letterId: string;
  let callId: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startContext();
    db = app.get(DataSource);
    await seedContacts(app, env.home, [
      { id: 'K1', email: 'k1@example.com', phone: '0661234501', consent: ['email', 'phone'] },
      { id: 'K2', phone: '0661234502', consent: ['phone'] },
      { id: 'K3', email: 'k3@example.com', phone: '0661234503', consent: ['email', 'phone'] },
      { id: 'K4', phone: '0661234504', consent: ['phone'] },
    ]);
    // K1 bought the most: called first among those never called.
    await db.query(
      `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency)
       SELECT id, 'O-' || external_id, now() - interval '30 days', CASE external_id WHEN 'K1' THEN 900 WHEN 'K3' THEN 50 ELSE 10 END, 'MAD'
       FROM contacts WHERE external_id IN ('K1', 'K3', 'K4')`,
    );
    letterId = await createCampaign(app, {
      name: 'Lettre de reconquête',
      objective: 'reactivation',
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'K' }] },
      holdout_percent: 0,
      data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' },
      steps: [{ channel: 'letter', template: 'templates/letters/winback.hbs' }],
    });
    callId = await createCampaign(app, {
      name: 'Appels de reconquête',
      objective: 'reactivation',
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'K' }] },
      holdout_percent: 0,
      data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' },
      steps: [{ channel: 'phone', template: 'templates/phone/winback.hbs' }],
    });
    await launchAndWait(app, letterId);
    await launchAndWait(app, callId);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  async function codeOf(externalId: string): Promise<string> {
    const [row] = await db.query(
      `SELECT d.response_code FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = $1 AND d.campaign_id = $2`,
      [externalId, letterId],
    );
    return row.response_code;
  }

  it('shows whose coupon a code is with its boxes, records it once, and the opt-out withdraws postal consent', async () => {
    const coupons = app.get(CouponsService);
    expect(await coupons.lookup('ZZZZ')).toEqual({ found: false, problem: 'malformed' });
    const found = (await coupons.lookup((await codeOf('K2')).toLowerCase())) as CouponFound;
    expect(found).toMatchObject({
      found: true,
      contact: { externalId: 'K2', name: 'Inès Client K2' },
      campaign: { id: letterId, name: 'Lettre de reconquête' },
      title: expect.stringMatching(/^Oui, je veux profiter de mon bon d'achat de 200\s?MAD$/),
      optOut: 'Je ne souhaite plus recevoir de courrier',
      recorded: null,
    });
    expect(found.options).toHaveLength(3);
    expect(await coupons.record(found, { boxes: [2, 9], optOut: true, recordedBy: 'a@example.com' })).toMatchObject({
      duplicate: false,
    });
    expect(await coupons.record(found, { boxes: [1], optOut: false, recordedBy: 'a@example.com' })).toMatchObject({
      duplicate: true,
    });
    const again = (await coupons.lookup(found.responseCode)) as CouponFound;
    expect(again.recorded).toMatchObject({ ticked: [found.options[1]], optOut: true });
    const [consent] = await db.query(
      `SELECT e.status, e.method, e.source, e.proof FROM consent_events e JOIN contacts c ON c.id = e.contact_id
       WHERE c.external_id = 'K2' AND e.channel = 'postal' ORDER BY e.id DESC LIMIT 1`,
    );
    expect(consent).toMatchObject({ status: 'withdrawn', method: 'paper_form', source: 'reply-coupon' });
    expect(consent.proof).toMatchObject({ response_code: found.responseCode });
    const report = await app.get(CampaignReportService).report(letterId);
    expect(report.responses).toMatchObject({ coupons: 1, responders: 1 });
  });

  it('gives each operator a different client, by priority, and records outcomes with their effects', async () => {
    const queue = app.get(CallQueueService);
    const work = app.get(CallWorkService);
    const now = new Date();
    // Four operators at once on four waiting clients: four different clients.
    const together = await Promise.all(['o1', 'o2', 'o3', 'o4'].map((o) => queue.next(callId, o, now)));
    expect(new Set(together).size).toBe(4);
    expect(together.every(Boolean)).toBe(true);
    expect(await queue.next(callId, 'o5', now)).toBeUndefined();
    await db.query(`UPDATE call_queue SET claimed_by = NULL, claimed_until = NULL WHERE campaign_id = $1`, [callId]);

    const first = await queue.next(callId, 'ana@example.com', now);
    const second = await queue.next(callId, 'bob@example.com', now);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await queue.next(callId, 'ana@example.com', now)).toBe(first);
    const file = (await app.get(CallFileService).file(first!))!;
    expect(file.contact.externalId).toBe('K1');
    expect(file.script.map((s) => s.key)).toContain('branch:documentation');
    expect(file.purchases[0]).toMatchObject({ amount: 900, currency: 'MAD' });

    await expect(
      work.record(first!, 'bob@example.com', parseCallOutcome({ outcome: 'refused' }, work.today()), now),
    ).rejects.toMatchObject({ code: 'calls.held' });
    const today = work.today(now);
    const appointment = await work.record(
      first!,
      'ana@example.com',
      parseCallOutcome({ outcome: 'appointment', date: today, time: '10:30', note: 'jeudi' }, today),
      now,
    );
    expect(appointment).toMatchObject({ positive: true, message: { channel: 'email' } });
    const callbackDay = new Date(now.getTime() + 3 * DAY).toISOString().slice(0, 10);
    const callback = await work.record(
      second!,
      'bob@example.com',
      parseCallOutcome({ outcome: 'callback', date: callbackDay }, today),
      now,
    );
    expect(callback).toMatchObject({ positive: false, backOn: callbackDay, message: null });
    const third = (await queue.next(callId, 'ana@example.com', now))!;
    const documentation = await work.record(
      third,
      'ana@example.com',
      parseCallOutcome({ outcome: 'documentation' }, today),
      now,
    );
    // K4 has no e-mail address: the documentation goes by post.
    expect(documentation.message).toMatchObject({ channel: 'letter' });
    // Eight days later on the company's calendar (from 23:00 UTC, Paris is already on the next day).
    expect(documentation.backOn).toBe(work.today(new Date(now.getTime() + 8 * DAY)));

    // The call-back comes back on its day, first.
    const later = new Date(`${callbackDay}T12:00:00Z`);
    expect(await queue.next(callId, 'carl@example.com', later)).toBe(second);
    const lists = await queue.lists(now);
    expect(lists.find((l) => l.campaignId === callId)).toMatchObject({ total: 4, done: 1, later: 2 });
    const services = await db.query(
      `SELECT s.template, d.channel FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
       JOIN campaigns c ON c.id = d.campaign_id WHERE c.kind = 'service' ORDER BY s.template`,
    );
    expect(services.map((s: { template: string }) => s.template)).toEqual(
      expect.arrayContaining(['templates/email/appointment-confirmation.mjml']),
    );
    expect(services).toHaveLength(2);
    // A worker sends them: the confirmation by e-mail, the documentation as a letter.
    const serviceCampaigns: Array<{ id: string }> = await db.query(`SELECT id FROM campaigns WHERE kind = 'service'`);
    for (const { id } of serviceCampaigns) await app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    const states = await db.query(
      `SELECT d.channel, d.state FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id WHERE c.kind = 'service' ORDER BY 1`,
    );
    expect(states).toEqual([
      { channel: 'email', state: 'delivered' },
      { channel: 'letter', state: 'delivered' },
    ]);
    const report = await app.get(CampaignReportService).report(callId);
    expect(report.responses).toMatchObject({ calls_positive: 1, responders: 1 });

    // K2's call closed from the API (a refusal): off the list too.
    const [k2] = await db.query(
      `SELECT d.id::text FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = 'K2' AND d.campaign_id = $1`,
      [callId],
    );
    await app.get(CallOutcomesService).record(k2.id, 'refused', undefined, 'api');
    expect((await queue.lists(now)).find((l) => l.campaignId === callId)).toMatchObject({ waiting: 0, done: 2 });
    expect(await queue.next(callId, 'dan@example.com', now)).toBeUndefined();
  });

  it('refuses an appointment without a day, naming the field', () => {
    expect(() => parseCallOutcome({ outcome: 'appointment' }, '2026-12-07')).toThrow(/date required/);
    expect(() => parseCallOutcome({ outcome: 'callback', date: '2026-12-01' }, '2026-12-07')).toThrow(/today or later/);
    expect(() => parseCallOutcome({ outcome: 'nope' }, '2026-12-07')).toThrow(/outcome must be one of/);
  });
});
