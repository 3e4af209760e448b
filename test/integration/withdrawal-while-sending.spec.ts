import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { CONSENT_POLICY, type ConsentPolicy } from '../../src/consent/consent-policy';
import { ConsentService } from '../../src/consent/consent.service';
import { reachabilitySql } from '../../src/consent/reachability-sql';
import { DeliveriesRepository } from '../../src/deliveries/deliveries.repository';
import { createCampaign, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { ON_SERVER } from '../support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * "Consent withdrawn while the campaign runs: nobody receives it after the withdrawal commits."
 * A message handed over (its delivery committed in `sending`) before a withdrawal commits is on
 * its way and goes; one not handed over yet must never go.
 */
describe('consent withdrawn while a campaign is being sent (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;
  const sink = new SmtpSink({ replyDelayMs: 8 });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
      RELANCE_SMTP_MAX_CONNECTIONS: '2',
      RELANCE_DISPATCH_IN_FLIGHT: '16',
      RELANCE_DISPATCH_BATCH: '100',
    });
    app = await startContext();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  // Needs two transactions at once: the embedded PGlite runs one at a time (where the race cannot happen).
  (ON_SERVER ? it : it.skip)(
    'a withdrawal that commits while the hand-over waits for its row is seen: the message is not sent',
    async () => {
      await seedContacts(app, env.home, [{ id: 'WR1', email: 'wr1@exemple.ma', consent: ['email'] }]);
      const id = await createCampaign(app, { segment: { all: [{ field: 'external_id', op: 'eq', value: 'WR1' }] } });
      await app.get(LaunchCampaign).execute(id); // no worker in this process: the delivery stays planned
      const [delivery] = await db.query(
        `UPDATE deliveries SET state = 'claimed', claimed_by = 'w' WHERE campaign_id = $1 RETURNING id::text, contact_id::text`,
        [id],
      );
      const reach = reachabilitySql(app.get<ConsentPolicy>(CONSENT_POLICY), {
        channel: 'email',
        purpose: 'marketing',
        evaluatedPer: 'row',
      });

      // Another session holds the row: the hand-over statement starts, then waits for it.
      const blocker = new Client({ connectionString: env.database.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM deliveries WHERE id = $1 FOR UPDATE`, [delivery[0].id]);
      const handOver = app.get(DeliveriesRepository).beginSending([delivery[0].id], 'w', reach, 60);
      for (let tries = 0; ; tries++) {
        const [{ waiting }] = await db.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        if (waiting > 0) break;
        if (tries > 200) throw new Error('the hand-over never waited for the row');
        await sleep(10);
      }
      // Meanwhile the contact unsubscribes, and that commits; then the row is let go.
      await app.get(ConsentService).withdraw(delivery[0].contact_id, 'email', 'unsubscribe_link', { source: 'test' });
      await blocker.query('COMMIT');
      await blocker.end();

      expect(await handOver).toEqual({ sending: new Set(), suppressed: 1 });
      const [row] = await db.query(`SELECT state, reason FROM deliveries WHERE id = $1`, [delivery[0].id]);
      expect(row.state).toBe('suppressed');
    },
  );

  it('100 withdrawals during a 600-message campaign: none not yet handed over is sent, everyone else gets one message', async () => {
    const contacts = Array.from({ length: 600 }, (_, i) => ({
      id: `WC${String(i).padStart(3, '0')}`,
      email: `wc${i}@exemple${i % 7}.ma`,
      consent: ['email'] as Array<'email'>,
    }));
    await seedContacts(app, env.home, contacts);
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'WC' }] },
    });
    await app.get(LaunchCampaign).execute(id);
    const sending = app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    const atSink = () => sink.received.filter((m) => m.to[0].startsWith('wc')).length;
    while (atSink() < 50) await sleep(20);

    // The last 100 by id, withdrawn one by one (each its own transaction, as the unsubscribe page
    // does); right after each commit, where its message stood.
    const last: Array<{ contact_id: string; email: string }> = await db.query(
      `SELECT d.contact_id::text, c.email FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $1 ORDER BY d.id DESC LIMIT 100`,
      [id],
    );
    const notHandedOver: string[] = [];
    for (const contact of last) {
      await app.get(ConsentService).withdraw(contact.contact_id, 'email', 'unsubscribe_link', { source: 'test' });
      const [row] = await db.query(`SELECT state FROM deliveries WHERE campaign_id = $1 AND contact_id = $2`, [
        id,
        contact.contact_id,
      ]);
      if (row.state === 'planned' || row.state === 'claimed') notHandedOver.push(contact.email);
    }
    const done = await sending;
    expect(done.status).toBe('completed');
    expect(atSink()).toBeLessThan(600); // the campaign was still running when they withdrew
    expect(notHandedOver.length).toBeGreaterThan(50);

    const received = sink.received.filter((m) => m.to[0].startsWith('wc')).map((m) => m.to[0]);
    expect(new Set(received).size).toBe(received.length);
    expect(received.filter((to) => notHandedOver.includes(to))).toEqual([]);
    const states: Array<{ email: string; state: string }> = await db.query(
      `SELECT c.email, d.state FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $1`,
      [id],
    );
    for (const { email, state } of states) {
      if (notHandedOver.includes(email)) expect(state).toBe('suppressed');
      else if (!last.some((contact) => contact.email === email)) expect(state).toBe('delivered');
    }
    expect(received.length).toBe(states.filter((s) => s.state === 'delivered').length);
  });
});
