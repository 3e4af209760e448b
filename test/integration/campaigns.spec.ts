import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CampaignRunner } from '../../src/campaigns/campaign-runner.service';
import { ServiceMessagesService } from '../../src/campaigns/service-messages.service';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { ConsentService } from '../../src/consent/consent.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('campaigns: launch, exclusions, holdout, dispatch to an SMTP sink (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const sink = new SmtpSink({
    faults: {
      rcpt: (rcpt, attempt) =>
        rcpt.startsWith('unknown')
          ? { code: 550, text: '5.1.1 <' + rcpt + '>: user unknown' }
          : rcpt.startsWith('busy') && attempt <= 2
            ? { code: attempt === 1 ? 421 : 450, text: '4.3.2 try again later' }
            : undefined,
      data: (to) => (to[0].startsWith('drop') ? 'disconnect' : undefined),
    },
  });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_RETRY_BASE_SECONDS: '1',
      RELANCE_RETRY_MAX_SECONDS: '2',
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
    });
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  const received = (prefix: string) =>
    sink.received
      .filter((m) => m.to[0].includes(prefix))
      .map((m) => m.to[0])
      .sort();

  it('sends exactly one message to each eligible contact, to no one else, and keeps a reproducible holdout', async () => {
    const contacts = Array.from({ length: 60 }, (_, i) => ({
      id: `TA${String(i).padStart(3, '0')}`,
      email: i % 10 === 9 ? undefined : `ta${i}@exemple.ma`,
      consent: i % 5 === 4 ? [] : (['email'] as Array<'email'>),
    }));
    await seedContacts(app, env.home, contacts);
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'TA' }] },
      holdout_percent: 10,
    });
    const { launched } = await launchAndWait(app, id);
    // 60 in the segment: 6 without e-mail (i % 10 = 9), 6 more without consent (i % 5 = 4, the others), so 48 eligible;
    // 10 % of them (4.8, rounded: 5) held out.
    expect(launched.audience).toEqual({
      segment: 60,
      excluded: { no_consent: 6, suppressed: 0, invalid_address: 6, frequency_cap: 0 },
      holdout: 5,
      targeted: 43,
    });
    const delivered = received('@exemple.ma').filter((to) => to.startsWith('ta'));
    expect(delivered).toHaveLength(43);
    expect(new Set(delivered).size).toBe(43);
    const eligible = contacts.filter((c, i) => c.email && i % 5 !== 4).map((c) => c.email!);
    expect(delivered.every((to) => eligible.includes(to))).toBe(true);
    const holdout: Array<{ external_id: string }> = await db.query(
      `SELECT c.external_id FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id WHERE a.campaign_id = $1 AND a.audience_group = 'holdout' ORDER BY 1`,
      [id],
    );
    expect(holdout.every((h) => !delivered.includes(`ta${Number(h.external_id.slice(2))}@exemple.ma`))).toBe(true);
    const report = await app.get(CampaignReportService).report(id);
    expect(report).toMatchObject({
      status: 'completed',
      messages: { sent: 43, delivered: 43, queued: 0 },
      cost: 100.43,
    });
    // Deterministic Message-IDs and one response code each.
    const codes: Array<{ response_code: string; message_id: string }> = await db.query(
      `SELECT response_code, message_id FROM deliveries WHERE campaign_id = $1`,
      [id],
    );
    expect(new Set(codes.map((c) => c.response_code)).size).toBe(43);
    expect(codes.every((c) => /^<d\d+\.[0-9a-f]{8}@maison-atlas\.fr>$/.test(c.message_id ?? ''))).toBe(true);
  });

  it('retries 421/450, bounces and suppresses 550 5.1.1, marks a mid-DATA disconnection unknown', async () => {
    await seedContacts(app, env.home, [
      { id: 'TB1', email: 'busy1@exemple.ma', consent: ['email'] },
      { id: 'TB2', email: 'unknown2@exemple.ma', consent: ['email'] },
      { id: 'TB3', email: 'drop3@exemple.ma', consent: ['email'] },
      { id: 'TB4', email: 'fine4@exemple.ma', consent: ['email'] },
    ]);
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'TB' }] },
    });
    await launchAndWait(app, id);
    const states: Array<{ external_id: string; state: string; attempts: number }> = await db.query(
      `SELECT c.external_id, d.state, d.attempts FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $1 ORDER BY 1`,
      [id],
    );
    expect(states).toEqual([
      { external_id: 'TB1', state: 'delivered', attempts: 3 },
      { external_id: 'TB2', state: 'bounced', attempts: 1 },
      { external_id: 'TB3', state: 'unknown', attempts: 1 },
      { external_id: 'TB4', state: 'delivered', attempts: 1 },
    ]);
    expect(received('busy1')).toEqual(['busy1@exemple.ma']);
    expect(received('drop3')).toEqual([]);
    const [tb2] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'TB2'`);
    expect(await app.get(ConsentService).evaluateOne(tb2.id, 'email', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
  });

  it('does not send to a contact whose consent is withdrawn after the snapshot, and counts the exclusion with its reason', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 10 }, (_, i) => ({
        id: `TC${i}`,
        email: `tc${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'TC' }] },
    });
    await app.get(LaunchCampaign).execute(id);
    const [tc3] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'TC3'`);
    await app.get(ConsentService).withdraw(tc3.id, 'email', 'api', { source: 'test' });
    await app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    expect(received('tc').filter((to) => to.startsWith('tc'))).toHaveLength(9);
    expect(received('tc3@')).toEqual([]);
    const [row] = await db.query(
      `SELECT d.state, d.reason FROM deliveries d WHERE d.campaign_id = $1 AND d.contact_id = $2`,
      [id, tc3.id],
    );
    expect(row).toEqual({ state: 'suppressed', reason: 'suppressed' });
  });

  it('refuses to launch when recipients lack data, naming the variable and the contacts', async () => {
    await seedContacts(app, env.home, [{ id: 'TD1', email: 'td1@exemple.ma', consent: ['email'] }]);
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'TD1' }] },
      data: {},
    });
    await expect(app.get(LaunchCampaign).execute(id)).rejects.toMatchObject({
      code: 'templates.missing_variable',
      message: expect.stringContaining('campaign.data.collection_name'),
    });
    expect((await app.get(CampaignsService).get(id)).status).toBe('draft');
    expect(await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1`, [id])).toEqual([
      { n: 0 },
    ]);
  });

  it('a service message that cannot render fails alone, with the missing variable as its reason', async () => {
    await seedContacts(app, env.home, [{ id: 'TS1', email: 'ts1@exemple.ma' }]);
    const [contact] = await db.query(`SELECT id::text FROM contacts WHERE external_id = 'TS1'`);
    const sent = await app.get(ServiceMessagesService).send({
      contactId: contact.id,
      channel: 'email',
      template: 'templates/email/complaint-acknowledgement.mjml',
      request: { complaint_reference: 'REC-2026-000001' },
      idempotencyKey: 'test:unrenderable',
    });
    const [delivery] = await db.query(`SELECT campaign_id, step_id FROM deliveries WHERE id = $1`, [sent.deliveryId]);
    await app.get(CampaignRunner).runStep(delivery.step_id, 5_000);
    const [row] = await db.query(`SELECT state, reason FROM deliveries WHERE id = $1`, [sent.deliveryId]);
    expect(row.state).toBe('failed');
    expect(row.reason).toContain('has no value');
    expect(received('ts1@')).toEqual([]);
  });
});

describe('campaigns: the relay refuses our credentials', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const sink = new SmtpSink({ faults: { auth: { user: 'relance', pass: 'right' } } });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({ SMTP_URL: sink.url.replace('right', 'wrong') });
    app = await startContext();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('pauses the campaign with the reason instead of burning the list', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 5 }, (_, i) => ({
        id: `TE${i}`,
        email: `te${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'TE' }] },
    });
    const { done } = await launchAndWait(app, id);
    expect(done.status).toBe('paused');
    const campaign = await app.get(CampaignsService).get(id);
    expect(campaign.status_reason).toMatch(/authentication failed/);
    expect(campaign.progress).toEqual({ planned: 5 });
    expect(sink.received).toHaveLength(0);
  });
});
