import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createBenchDatabase, option } from './bench-database';
import type { ChildProcess } from 'node:child_process';
import { relance, sleep, startRelance } from './support/relance-process';
import { SmtpSink } from './support/smtp-sink';

/**
 * Fault tests of the delivery engine, run by CI against the PostgreSQL server:
 *  - crash: a worker sending a 20,000-recipient campaign is killed with SIGKILL at random
 *    moments and restarted; every recipient gets the message at most once, the messages not
 *    re-sent are exactly those marked `unknown` (at most the in-flight window per crash), and
 *    the campaign's counts match what the SMTP sink received;
 *  - split: two workers share one campaign with no duplicate;
 *  - outage: the relay goes down for 30 s in the middle of a 5,000-recipient campaign sent by
 *    two workers, one of them told to stop (SIGTERM) at that moment: the campaign pauses with
 *    the reason, `resume` completes it, every recipient gets the message exactly once, none is
 *    `unknown` (no process was killed).
 * `npm run bench fault -- --recipients 20000 --crashes 4 --outage-recipients 5000 --down-seconds 30 [--only outage]`.
 * Exits non-zero when a check fails.
 */
async function seed(home: string, env: NodeJS.ProcessEnv, recipients: number): Promise<void> {
  const contacts = ['external_id,first_name,last_name,email,country'];
  const consents = ['external_id,channel,status,method,source,collected_at,wording'];
  for (let i = 0; i < recipients; i++) {
    contacts.push(`F${i},Client,Numéro ${i},client${i}@exemple.fr,FR`);
    consents.push(
      `F${i},email,granted,checkbox,site web,2026-01-15T10:00:00Z,J'accepte de recevoir les offres par e-mail`,
    );
  }
  fs.writeFileSync(path.join(home, 'contacts.csv'), contacts.join('\n'));
  fs.writeFileSync(path.join(home, 'consents.csv'), consents.join('\n'));
  await relance(['import', 'contacts', path.join(home, 'contacts.csv')], env);
  await relance(['import', 'consents', path.join(home, 'consents.csv')], env);
}

async function launch(home: string, env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const file = path.join(home, `${name}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name,
      objective: 'loyalty',
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'F' }] },
      channel: 'email',
      template: 'templates/email/new-products.mjml',
      sender: {
        name: 'Maison Atlas',
        email: 'bonjour@maison-atlas.fr',
        postal_address: '12 rue de la Paix, 75002 Paris',
        signatory_name: 'Salma Berrada',
        signatory_title: 'Directrice clientèle',
      },
      costs: { per_message: { email: 0.002 }, currency: 'EUR' },
      data: { collection_name: 'Collection Printemps', launch_date: '2027-03-01' },
    }),
  );
  const { id } = await relance(['campaign', 'create', file], env);
  const launched = await relance(['campaign', 'launch', id], env);
  process.stderr.write(`fault: launched ${name}: ${launched.status}\n`);
  return id;
}

async function query<T>(url: string, text: string, values: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function states(url: string, campaignId: string): Promise<Record<string, number>> {
  const rows = await query<{ state: string; n: number }>(
    url,
    `SELECT state, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY state`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

/**
 * The relay goes down once the sink has `downAt` messages, stays down `downSeconds`, comes back;
 * meanwhile one worker is told to stop. Returns what it saw; failures go to `failures`.
 */
async function outage(
  url: string,
  env: NodeJS.ProcessEnv,
  sink: SmtpSink,
  campaignId: string,
  options: { downAt: number; downSeconds: number; leaseSeconds: number },
  failures: string[],
): Promise<Record<string, unknown>> {
  const [stopped, staying] = [startRelance('worker', env), startRelance('worker', env)];
  const deadline = Date.now() + 120_000;
  while (sink.accepted < options.downAt && Date.now() < deadline) await sleep(10);
  await sink.goDown();
  const down = Date.now();
  stopped.kill('SIGTERM');
  await exited(stopped);
  const stopSeconds = (Date.now() - down) / 1000;
  if (stopSeconds > options.leaseSeconds + 10)
    failures.push(`outage: a worker told to stop while the relay was down took ${stopSeconds} s`);
  let campaign: { status: string; status_reason: string | null } | undefined;
  while (Date.now() - down < 20_000 && campaign?.status !== 'paused') {
    await sleep(200);
    [campaign] = await query<{ status: string; status_reason: string | null }>(
      url,
      `SELECT status, status_reason FROM campaigns WHERE id = $1`,
      [campaignId],
    );
  }
  const pausedSeconds = (Date.now() - down) / 1000;
  process.stderr.write(
    `fault outage: relay down at ${sink.accepted} messages; a worker stopped in ${stopSeconds} s; the campaign ${campaign?.status} after ${pausedSeconds} s\n`,
  );
  if (!/^relais SMTP injoignable : 127\.0\.0\.1:\d+ connection refused$/.test(campaign?.status_reason ?? ''))
    failures.push(
      `outage: the campaign is ${campaign?.status} (${campaign?.status_reason}), not paused with the relay's reason`,
    );
  const during = await states(url, campaignId);
  if (during.sending || during.claimed || during.unknown)
    failures.push(`outage: while paused, ${JSON.stringify(during)} (nothing should be sending, claimed or unknown)`);
  await sleep(Math.max(0, down + options.downSeconds * 1000 - Date.now()));
  await sink.comeUp();
  const resumed = await relance(['campaign', 'resume', campaignId], env);
  process.stderr.write(`fault outage: relay back after ${options.downSeconds} s, campaign ${resumed.status}\n`);
  if (resumed.status !== 'running') failures.push(`outage: resume answered ${JSON.stringify(resumed)}`);
  await waitUntilDone(url, campaignId, 600_000);
  let after: { status: string } | undefined;
  for (const until = Date.now() + 20_000; after?.status !== 'completed' && Date.now() < until; await sleep(200)) {
    [after] = await query<{ status: string }>(url, `SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
  }
  staying.kill('SIGTERM');
  await exited(staying);
  if (after?.status !== 'completed')
    failures.push(`outage: the campaign is ${after?.status} after resume, not completed`);
  return {
    down_at: options.downAt,
    down_seconds: options.downSeconds,
    worker_stop_seconds: stopSeconds,
    paused_after_seconds: pausedSeconds,
    reason: campaign?.status_reason,
    while_paused: during,
    after_resume: after?.status,
  };
}

function duplicates(sink: SmtpSink): number {
  const seen = new Map<string, number>();
  for (const message of sink.received) for (const to of message.to) seen.set(to, (seen.get(to) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

export async function run(args: string[]): Promise<number> {
  const crashRecipients = option(args, 'recipients', 20_000);
  const crashes = option(args, 'crashes', 4);
  const outageRecipients = option(args, 'outage-recipients', 5_000);
  const downSeconds = option(args, 'down-seconds', 30);
  const inFlight = 20;
  const leaseSeconds = 3;
  const failures: string[] = [];
  const results: Record<string, unknown> = {};

  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
  for (const scenario of (['crash', 'split', 'outage'] as const).filter((name) => !only || only.includes(name))) {
    const recipients = scenario === 'outage' ? outageRecipients : crashRecipients;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `relance-fault-${scenario}-`));
    const database = await createBenchDatabase(`fault_${scenario}`);
    const sink = new SmtpSink();
    await sink.start();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      RELANCE_HOME: home,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'warn',
      CI: '1',
      SECRET_KEY: 'fault-test-secret-key-0123456789abcdef0123',
      RELANCE_CLAIM_LEASE_SECONDS: String(leaseSeconds),
      RELANCE_DISPATCH_IN_FLIGHT: String(inFlight),
      RELANCE_DISPATCH_JOBS: scenario === 'outage' ? '2' : '1',
      RELANCE_DISPATCH_BATCH: '200',
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
    };
    try {
      process.stderr.write(`fault ${scenario}: seeding ${recipients} contacts…\n`);
      await seed(home, env, recipients);
      const campaignId = await launch(home, env, `fault-${scenario}`);
      const started = Date.now();
      if (scenario === 'crash') {
        for (let crash = 0; crash < crashes; crash++) {
          const worker = startRelance('worker', env);
          // Kill it while it is sending: after it has handed over a random number of messages.
          const before = sink.received.length;
          const target = before + 300 + Math.floor(Math.random() * 2500);
          const deadline = Date.now() + 30_000;
          while (sink.received.length < target && Date.now() < deadline && sink.received.length < recipients)
            await sleep(20);
          worker.kill('SIGKILL');
          await new Promise((resolve) => worker.once('exit', resolve));
          process.stderr.write(
            `fault crash: killed worker ${crash + 1}/${crashes} with ${sink.received.length} messages at the sink\n`,
          );
        }
        const last = startRelance('worker', env);
        await waitUntilDone(database.url, campaignId, 600_000);
        last.kill('SIGTERM');
        await new Promise((resolve) => last.once('exit', resolve));
      } else if (scenario === 'outage') {
        results.outage_relay = await outage(
          database.url,
          env,
          sink,
          campaignId,
          { downAt: Math.floor(recipients * 0.4), downSeconds, leaseSeconds },
          failures,
        );
      } else {
        const workers = [startRelance('worker', env), startRelance('worker', env)];
        await waitUntilDone(database.url, campaignId, 600_000);
        for (const worker of workers) worker.kill('SIGTERM');
        await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
      }
      const counts = await states(database.url, campaignId);
      const report = await relance(['campaign', 'report', campaignId], env);
      const dup = duplicates(sink);
      const received = sink.received.length;
      const delivered = counts.delivered ?? 0;
      const unknown = counts.unknown ?? 0;
      results[scenario] = {
        recipients,
        seconds: Math.round((Date.now() - started) / 1000),
        sink: received,
        states: counts,
        duplicates: dup,
        report_messages: report.messages,
      };
      if (dup) failures.push(`${scenario}: ${dup} recipients received the message more than once`);
      if (delivered + unknown !== recipients)
        failures.push(`${scenario}: ${delivered} delivered + ${unknown} unknown ≠ ${recipients} recipients`);
      if (received < delivered || received > delivered + unknown)
        failures.push(
          `${scenario}: the sink received ${received}, the ledger says ${delivered} delivered and ${unknown} unknown`,
        );
      if (scenario === 'crash' && unknown > inFlight * crashes)
        failures.push(`crash: ${unknown} unknown > ${inFlight} in flight × ${crashes} crashes`);
      if (scenario !== 'crash' && unknown) failures.push(`${scenario}: ${unknown} unknown without any crash`);
      if (report.messages.delivered !== delivered || report.messages.unknown !== unknown)
        failures.push(`${scenario}: the report's counts differ from the ledger`);
    } finally {
      await sink.stop();
      await database.drop();
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
  process.stdout.write(JSON.stringify({ ...results, failures }, null, 2) + '\n');
  return failures.length ? 1 : 0;
}

async function waitUntilDone(url: string, campaignId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await states(url, campaignId);
    if (!counts.planned && !counts.claimed && !counts.sending && Object.keys(counts).length) return;
    await sleep(500);
  }
  throw new Error(`campaign ${campaignId} did not finish in ${timeoutMs / 1000} s`);
}
