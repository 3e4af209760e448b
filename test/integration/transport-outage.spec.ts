import type { INestApplicationContext } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ROLES } from '../../src/core/runtime-role';
import { AutomationScheduler } from '../../src/automations/automation-scheduler';
import { AutomationsService } from '../../src/automations/automations.service';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { ImportService } from '../../src/imports/import.service';
import { SegmentScoringService } from '../../src/segments/segment-scoring.service';
import { createCampaign, launchAndWait, seedContacts, SENDER } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

const BASE_ENV = {
  RELANCE_RETRY_BASE_SECONDS: '1',
  RELANCE_RETRY_MAX_SECONDS: '2',
  RELANCE_CAP_7_DAYS: '0',
  RELANCE_CAP_30_DAYS: '0',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function states(
  db: DataSource,
  campaignId: string,
): Promise<Array<{ state: string; attempts: number; n: number }>> {
  return db.query(
    `SELECT state, attempts, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [campaignId],
  );
}

/** How many messages each recipient received. */
function copies(sink: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of sink.received) counts.set(message.to[0], (counts.get(message.to[0]) ?? 0) + 1);
  return counts;
}

describe('the SMTP relay is unreachable, then comes back (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  let relay: string;
  let downAfter = Infinity;
  const goDownOnce = () => {
    downAfter = Infinity;
    void sink.goDown();
  };
  const sink = new SmtpSink({ onMessage: () => sink.accepted >= downAfter && goDownOnce() });

  beforeAll(async () => {
    await sink.start();
    relay = `127.0.0.1:${sink.port}`;
    env = await createTestEnvironment({ SMTP_URL: sink.url, ...BASE_ENV });
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  afterEach(async () => {
    downAfter = Infinity;
    await sink.comeUp();
  });

  it('launch --wait exits 1 with the reason; nothing is lost or counted as an attempt; resume sends each message once', async () => {
    await sink.goDown();
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 12 }, (_, i) => ({
        id: `OA${i}`,
        email: `oa${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'OA' }] },
    });
    const reason = `relais SMTP injoignable : ${relay} connection refused`;

    const launched = await runCli('campaign', 'launch', id, '--wait', '--json');
    expect(launched.code).toBe(1);
    expect(launched.json()).toEqual({ id, status: 'paused', status_reason: reason });
    expect(launched.stderr).toContain(`campaign ${id} paused: ${reason}`);
    expect(await states(db, id)).toEqual([{ state: 'planned', attempts: 0, n: 12 }]);
    expect((await runCli('campaign', 'show', id, '--json')).json()).toMatchObject({
      status: 'paused',
      status_reason: reason,
    });
    expect((await runCli('campaign', 'report', id, '--json')).json()).toMatchObject({
      status: 'paused',
      status_reason: reason,
      messages: { sent: 0, unknown: 0 },
    });

    await sink.comeUp();
    expect((await runCli('campaign', 'resume', id, '--json')).json()).toEqual({ id, status: 'running' });
    expect(await app.get(CampaignWaiter).untilDispatched(id, () => undefined)).toMatchObject({ status: 'completed' });
    expect(await states(db, id)).toEqual([{ state: 'delivered', attempts: 1, n: 12 }]);
    const received = copies(sink);
    expect([...received.keys()].filter((to) => to.startsWith('oa')).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `oa${i}@exemple.ma`).sort(),
    );
    expect([...received.values()].every((n) => n === 1)).toBe(true);
  });

  it('goes down in the middle of a campaign: the campaign pauses, no message is unknown, resume finishes it with no duplicate', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 80 }, (_, i) => ({
        id: `OB${i}`,
        email: `ob${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'OB' }] },
    });
    downAfter = sink.accepted + 25;
    const { done } = await launchAndWait(app, id);
    expect(done).toMatchObject({
      status: 'paused',
      status_reason: `relais SMTP injoignable : ${relay} connection refused`,
    });
    const during = Object.fromEntries((await states(db, id)).map((row) => [`${row.state}/${row.attempts}`, row.n]));
    // Sessions end once their message is answered: what went out is delivered, the rest waits, untouched.
    expect(Object.keys(during).sort()).toEqual(['delivered/1', 'planned/0']);
    expect(during['delivered/1']).toBe(sink.received.filter((m) => m.to[0].startsWith('ob')).length);

    await sink.comeUp();
    await app.get(CampaignsService).resume(id);
    expect(await app.get(CampaignWaiter).untilDispatched(id, () => undefined)).toMatchObject({ status: 'completed' });
    expect(await states(db, id)).toEqual([{ state: 'delivered', attempts: 1, n: 80 }]);
    const received = [...copies(sink)].filter(([to]) => to.startsWith('ob'));
    expect(received).toHaveLength(80);
    expect(received.every(([, n]) => n === 1)).toBe(true);
  });

  it('sessions the relay closed during a quiet spell: the next campaign goes out at once, no attempt lost', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 8 }, (_, i) => ({
        id: `OI${i}`,
        email: `oi${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const first = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'in', value: ['OI0', 'OI1', 'OI2', 'OI3'] }] },
    });
    expect((await launchAndWait(app, first)).done.status).toBe('completed');
    sink.closeIdleSessions('silently-on-next-command'); // the close crosses the next command
    const second = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'in', value: ['OI4', 'OI5', 'OI6', 'OI7'] }] },
    });
    expect((await launchAndWait(app, second)).done.status).toBe('completed');
    expect(await states(db, second)).toEqual([{ state: 'delivered', attempts: 1, n: 4 }]);
  });

  it("an automation's messages wait on the retry schedule, the automation goes on", async () => {
    const day = 86_400_000;
    await seedContacts(
      app,
      env.home,
      [1, 2].map((i) => ({ id: `OW${i}`, email: `ow${i}@exemple.ma`, consent: ['email'] as Array<'email'> })),
    );
    const purchases = ['external_id,order_id,ordered_at,amount,currency'];
    for (const contact of ['OW1', 'OW2'])
      for (const [i, ago] of [400, 370, 340, 310].entries())
        purchases.push(`${contact},${contact}-O${i},${new Date(Date.now() - ago * day).toISOString()},300,MAD`);
    await app.get(ImportService).importFile('purchases', writeFile(env.home, 'ow-purchases.csv', purchases.join('\n')));
    await app.get(SegmentScoringService).rescore();
    const { id } = await app.get(AutomationsService).save({
      name: 'Reconquête',
      trigger: { type: 'inactivity', attempts: 1 },
      channel: 'email',
      template: 'templates/email/winback.mjml',
      holdout_percent: 0,
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'OW' }] },
      sender: SENDER,
      costs: { per_message: { email: 0.002 }, currency: 'MAD' },
      data: { voucher_amount: 150, voucher_ends_on: '2027-06-30' },
    });
    const scheduler = app.get(AutomationScheduler);
    expect((await scheduler.tick(new Date())).queued).toBe(2);
    await sink.goDown();
    const before = Date.now();
    expect(await scheduler.dispatchDue()).toBe(0);
    const rows: Array<{ state: string; attempts: number; next_attempt_at: Date; reason: string; status: string }> =
      await db.query(
        `SELECT d.state, d.attempts, d.next_attempt_at, d.reason, c.status FROM deliveries d JOIN automations a ON a.campaign_id = d.campaign_id JOIN campaigns c ON c.id = d.campaign_id WHERE a.id = $1`,
        [id],
      );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        state: 'planned',
        attempts: 0,
        reason: `relais SMTP injoignable : ${relay} connection refused`,
        status: 'running',
      });
      expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(before);
    }
    await sink.comeUp();
    await sleep(1_100); // the retry delay (1 s here)
    expect(await scheduler.dispatchDue()).toBe(2);
    expect(
      sink.received
        .filter((m) => m.to[0].startsWith('ow'))
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(['ow1@exemple.ma', 'ow2@exemple.ma']);
  });
});

describe('the SMS provider refuses connections, then comes back', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let port: number;
  const received: string[] = [];
  const provider = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body).to);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    port = (provider.address() as AddressInfo).port;
    await new Promise((resolve) => provider.close(resolve));
    env = await createTestEnvironment({ SMS_URL: `http://127.0.0.1:${port}/send`, ...BASE_ENV });
    app = await startContext();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    if (provider.listening) await new Promise((resolve) => provider.close(resolve));
  });

  it('pauses the campaign with the reason, and resume sends each SMS once', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 6 }, (_, i) => ({ id: `OS${i}`, phone: `066100010${i}`, consent: ['sms'] as Array<'sms'> })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'OS' }] },
      channel: 'sms',
      template: 'templates/sms/promotion.hbs',
      data: { promotion_name: 'Les journées Atlas', discount_percent: '20', ends_on: '2027-04-12' },
    });
    const { done } = await launchAndWait(app, id);
    expect(done).toMatchObject({
      status: 'paused',
      status_reason: `fournisseur SMS injoignable : 127.0.0.1:${port} connection refused`,
    });
    expect(await states(app.get(DataSource), id)).toEqual([{ state: 'planned', attempts: 0, n: 6 }]);
    await new Promise<void>((resolve) => provider.listen(port, '127.0.0.1', resolve));
    await app.get(CampaignsService).resume(id);
    expect(await app.get(CampaignWaiter).untilDispatched(id, () => undefined)).toMatchObject({ status: 'completed' });
    expect(received.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `+21266100010${i}`).sort());
  });
});

describe('a worker told to stop while the relay does not answer', () => {
  const LEASE_SECONDS = 30;
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let worker: INestApplicationContext | undefined;
  const sink = new SmtpSink({ faults: { greeting: () => 'silent' } });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_CLAIM_LEASE_SECONDS: String(LEASE_SECONDS),
      RELANCE_DISPATCH_JOBS: '1',
      ...BASE_ENV,
    });
    app = await startContext();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('stops within the claim lease and gives back everything it had not handed over', async () => {
    await seedContacts(
      app,
      env.home,
      Array.from({ length: 30 }, (_, i) => ({
        id: `OT${i}`,
        email: `ot${i}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'OT' }] },
    });
    worker = await startContext(ROLES.worker);
    await app.get(LaunchCampaign).execute(id);
    const db = app.get(DataSource);
    const deadline = Date.now() + 20_000;
    while (!(await states(db, id)).some((row) => row.state === 'sending') && Date.now() < deadline) await sleep(100);
    expect((await states(db, id)).some((row) => row.state === 'sending')).toBe(true);

    // As on SIGTERM, where Nest's signal hook and the worker command's own close run at once.
    const stopping = Date.now();
    await Promise.all([worker.close(), worker.close()]);
    worker = undefined;
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(await states(db, id)).toEqual([{ state: 'planned', attempts: 0, n: 30 }]);
    expect((await app.get(CampaignsService).get(id)).status).toBe('running');
  });
});
