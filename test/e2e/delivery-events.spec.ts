import type { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { signWebhook } from '../../src/channels/events/webhook-signature';
import { ConsentService } from '../../src/consent/consent.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const SECRET = 'delivery-webhook-secret-for-tests';

/** A generic JSON SMS provider on loopback that accepts every message and answers with its id. */
function smsProvider(): { server: http.Server; url: () => string } {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${++count}` })),
    );
  });
  return { server, url: () => `http://127.0.0.1:${(server.address() as { port: number }).port}/send` };
}

describe('delivery events webhook: receipts, bounces, complaints (HTTP, real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  const provider = smsProvider();
  const agent = () => request(app.getHttpServer());

  const post = (body: unknown, options: { timestamp?: number; signature?: string } = {}) => {
    const raw = JSON.stringify(body);
    const req = agent().post('/webhooks/delivery-events').set('Content-Type', 'application/json');
    if (options.timestamp !== undefined) req.set('X-Relance-Timestamp', String(options.timestamp));
    req.set('X-Relance-Signature', options.signature ?? signWebhook(SECRET, raw, options.timestamp));
    return req.send(raw);
  };
  const delivery = async (campaignId: string, externalId: string) =>
    (
      await db.query(
        `SELECT d.id::text, d.state, d.message_id, d.provider_id, d.contact_id::text, d.reason FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $1 AND c.external_id = $2`,
        [campaignId, externalId],
      )
    )[0];
  const emailDecision = async (contactId: string) =>
    app.get(ConsentService).evaluateOne(contactId, 'email', 'marketing', new Date());
  const suppressionReasons = async () =>
    (await db.query(`SELECT reason FROM suppressions ORDER BY reason`)).map((r: { reason: string }) => r.reason);

  let emailCampaign: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => provider.server.listen(0, '127.0.0.1', resolve));
    env = await createTestEnvironment({
      RELANCE_WEBHOOK_SECRET: SECRET,
      RELANCE_SOFT_BOUNCE_LIMIT: '3',
      SMS_URL: provider.url(),
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
    });
    app = await startHttp();
    db = app.get(DataSource);
    await seedContacts(app, env.home, [
      ...['W1', 'W2', 'W3', 'W4'].map((id) => ({
        id,
        email: `${id.toLowerCase()}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
      { id: 'WS1', email: 'ws1@exemple.ma', consent: ['email'] },
      { id: 'WP1', phone: '0661000001', consent: ['sms'] },
      { id: 'WP2', phone: '0661000002', consent: ['sms'] },
    ]);
    emailCampaign = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'in', value: ['W1', 'W2', 'W3', 'W4'] }] },
    });
    await launchAndWait(app, emailCampaign);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await new Promise((resolve) => provider.server.close(resolve));
  });

  it('refuses unsigned, badly signed, stale or malformed calls, saying why', async () => {
    const body = { delivery_id: '1', type: 'delivered' };
    const unsigned = await agent().post('/webhooks/delivery-events').send(body).expect(401);
    expect(unsigned.body.error).toMatchObject({
      code: 'webhooks.bad_signature',
      message: expect.stringContaining('missing X-Relance-Signature'),
    });
    await post(body, { signature: signWebhook('not-the-secret-at-all', JSON.stringify(body)) }).expect(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    const stale = await post(body, { timestamp: old }).expect(401);
    expect(stale.body.error.message).toMatch(/replay/);
    const bad = await post([{ delivery_id: '1', type: 'opened' }, { type: 'bounced' }]).expect(400);
    expect(bad.body.error.fields).toEqual([
      { field: '[0].type', reason: expect.stringContaining('must be one of') },
      { field: '[1].delivery_id', reason: expect.stringContaining('names no message') },
    ]);
    const notJson = await agent()
      .post('/webhooks/delivery-events')
      .set('Content-Type', 'text/plain')
      .set('X-Relance-Signature', signWebhook(SECRET, 'x'))
      .send('x')
      .expect(400);
    expect(notJson.body.error.code).toBe('webhooks.not_json');
  });

  it('bounces a delivered e-mail by its Message-ID, suppresses the address, and ignores the retry', async () => {
    const w1 = await delivery(emailCampaign, 'W1');
    expect(w1.state).toBe('delivered');
    const event = {
      message_id: w1.message_id,
      recipient: 'W1@exemple.ma',
      type: 'bounced',
      reason: '550 5.1.1 user unknown',
      at: new Date().toISOString(),
    };
    const first = await post(event, { timestamp: Math.floor(Date.now() / 1000) }).expect(200);
    expect(first.body).toMatchObject({
      received: 1,
      applied: 1,
      results: [{ delivery_id: w1.id, outcome: 'applied', state: 'bounced', suppressed: ['hard_bounce'] }],
    });
    const again = await post(event).expect(200);
    expect(again.body).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await delivery(emailCampaign, 'W1')).toMatchObject({
      state: 'bounced',
      reason: 'hard bounce: 550 5.1.1 user unknown',
    });
    expect(await emailDecision(w1.contact_id)).toEqual({ allowed: false, reason: 'suppressed' });
    // A late "delivered" receipt cannot undo the bounce.
    expect((await post({ delivery_id: w1.id, type: 'delivered' }).expect(200)).body).toMatchObject({ unchanged: 1 });
    expect((await delivery(emailCampaign, 'W1')).state).toBe('bounced');
  });

  it('treats a spam complaint as an objection: consent withdrawn with proof, suppressed, counted in the report', async () => {
    const w2 = await delivery(emailCampaign, 'W2');
    const body = [{ delivery_id: w2.id, type: 'complaint', reason: 'abuse report (feedback loop)' }];
    expect((await post(body).expect(200)).body).toMatchObject({
      applied: 0,
      unchanged: 1,
      results: [{ suppressed: ['spam_complaint'] }],
    });
    expect((await post(body).expect(200)).body).toMatchObject({ duplicates: 1 });
    const events = await db.query(
      `SELECT status, method, source, proof FROM consent_events WHERE contact_id = $1 AND channel = 'email' ORDER BY id`,
      [w2.contact_id],
    );
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      status: 'withdrawn',
      method: 'complaint',
      source: 'spam complaint reported by the mailbox provider',
      proof: { delivery_id: w2.id, reason: 'abuse report (feedback loop)' },
    });
    expect(await emailDecision(w2.contact_id)).toEqual({ allowed: false, reason: 'suppressed' });
    expect(await suppressionReasons()).toEqual(expect.arrayContaining(['spam_complaint', 'unsubscribed']));
    const report = await app.get(CampaignReportService).report(emailCampaign);
    expect(report.responses).toMatchObject({ complaints: 1, unsubscribed: 1 });
    expect(report.messages).toMatchObject({ sent: 4, delivered: 3, bounced: 1 });
  });

  it('suppresses an address after RELANCE_SOFT_BOUNCE_LIMIT soft bounces within 30 days, not before', async () => {
    const campaigns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await createCampaign(app, {
        name: `Soft ${i}`,
        segment: { all: [{ field: 'external_id', op: 'eq', value: 'WS1' }] },
      });
      await launchAndWait(app, id);
      campaigns.push((await delivery(id, 'WS1')).id);
    }
    const day = 86_400_000;
    const soft = (deliveryId: string, daysAgo: number) => ({
      delivery_id: deliveryId,
      type: 'soft_bounce',
      reason: '452 4.2.2 mailbox full',
      at: new Date(Date.now() - daysAgo * day).toISOString(),
    });
    const contactId = (
      await delivery(
        (await db.query(`SELECT campaign_id FROM deliveries WHERE id = $1`, [campaigns[0]]))[0].campaign_id,
        'WS1',
      )
    ).contact_id;
    // One too old to count, then two within the window: still reachable.
    const first = await post([soft(campaigns[0], 40), soft(campaigns[1], 10), soft(campaigns[2], 1)]).expect(200);
    expect(first.body.results.map((r: { state: string; suppressed: string[] }) => [r.state, r.suppressed])).toEqual([
      ['bounced', []],
      ['bounced', []],
      ['bounced', []],
    ]);
    expect((await emailDecision(contactId))?.allowed).toBe(true);
    // A third within 30 days (reported by address only, with the provider's event id) tips it over.
    const third = await post({
      recipient: 'ws1@exemple.ma',
      type: 'soft_bounce',
      event_id: 'esp-77',
      reason: 'mailbox full',
    }).expect(200);
    expect(third.body).toMatchObject({ unknown_delivery: 1, results: [{ suppressed: ['soft_bounces'] }] });
    expect(await emailDecision(contactId)).toEqual({ allowed: false, reason: 'suppressed' });
    expect(
      (
        await post({
          recipient: 'ws1@exemple.ma',
          type: 'soft_bounce',
          event_id: 'esp-77',
          reason: 'mailbox full',
        }).expect(200)
      ).body,
    ).toMatchObject({ duplicates: 1 });
  });

  it('takes SMS delivery receipts from the provider, by its id or by our reference', async () => {
    const id = await createCampaign(app, {
      name: 'Promo SMS',
      channel: 'sms',
      template: 'templates/sms/promotion.hbs',
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'WP' }] },
      data: { promotion_name: 'Les journées Atlas', discount_percent: '20', ends_on: '2027-04-12' },
    });
    await launchAndWait(app, id);
    const [wp1, wp2] = [await delivery(id, 'WP1'), await delivery(id, 'WP2')];
    expect([wp1.state, wp2.state]).toEqual(['sent', 'sent']);
    expect(wp1.provider_id).toMatch(/^gw-\d+$/);
    await agent().post('/webhooks/sms/receipts').send({ id: wp1.provider_id, status: 'DELIVRD' }).expect(401);
    const receipts = await agent()
      .post('/webhooks/sms/receipts')
      .set('X-Webhook-Secret', SECRET)
      .send([
        { id: wp1.provider_id, status: 'DELIVRD', timestamp: new Date().toISOString() },
        { reference: wp2.id, status: 'UNDELIV', reason: 'absent subscriber' },
      ])
      .expect(200);
    expect(receipts.body).toMatchObject({ applied: 2 });
    expect([(await delivery(id, 'WP1')).state, (await delivery(id, 'WP2')).state]).toEqual(['delivered', 'failed']);
    const bad = await agent()
      .post('/webhooks/sms/receipts')
      .set('X-Webhook-Secret', SECRET)
      .send({ id: 'x', status: 'WHATEVER' })
      .expect(400);
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'type' });
    const report = await app.get(CampaignReportService).report(id);
    expect(report.messages).toMatchObject({ sent: 2, delivered: 1, failed: 1 });
  });
  it('asks for a retry of a receipt that beats the worker recording the send, then applies it', async () => {
    const w4 = await delivery(emailCampaign, 'W4');
    // As between the hand-over and the worker recording the outcome: still sending, Message-ID not stored yet.
    await db.query(`UPDATE deliveries SET state = 'sending', message_id = NULL WHERE id = $1`, [w4.id]);
    const receipt = { message_id: w4.message_id, type: 'delivered' };
    const early = await post(receipt).expect(503);
    expect(early.headers['retry-after']).toBe('30');
    expect(early.body).toMatchObject({
      in_flight: 1,
      results: [{ delivery_id: w4.id, outcome: 'in_flight', state: 'sending' }],
    });
    expect(await db.query(`SELECT count(*)::int AS n FROM delivery_events WHERE delivery_id = $1`, [w4.id])).toEqual([
      { n: 0 },
    ]);
    await db.query(`UPDATE deliveries SET state = 'sent', message_id = $2 WHERE id = $1`, [w4.id, w4.message_id]);
    expect((await post(receipt).expect(200)).body).toMatchObject({ applied: 1, in_flight: 0 });
    expect((await delivery(emailCampaign, 'W4')).state).toBe('delivered');
  });
});
