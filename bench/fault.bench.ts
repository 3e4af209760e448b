import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createBenchDatabase, option } from './bench-database';
import { relance, sleep, startRelance } from './support/relance-process';
import { SmtpSink } from './support/smtp-sink';

/**
 * Fault tests of the delivery engine, run by CI against the PostgreSQL server:
 *  - crash: a worker sending a 20,000-recipient campaign is killed with SIGKILL at random
 *    moments and restarted; every recipient gets the message at most once, the messages not
 *    re-sent are exactly those marked `unknown` (at most the in-flight window per crash), and
 *    the campaign's counts match what the SMTP sink received;
 *  - split: two workers share one campaign with no duplicate.
 * `npm run bench fault -- --recipients 20000 --crashes 4`. Exits non-zero when a check fails.
 */
async function seed(home: string, env: NodeJS.ProcessEnv, recipients: number): Promise<void> {
  const contacts = ['external_id,first_name,last_name,email,country'];
  const consents = ['external_id,channel,status,method,source,collected_at,wording'];
  for (let i = 0; i < recipients; i++) {
    contacts.push(`F${i},Client,Numéro ${i},client${i}@exemple.fr,FR`);
    consents.push(`F${i},email,granted,checkbox,site web,2026-01-15T10:00:00Z,J'accepte de recevoir les offres par e-mail`);
  }
  fs.writeFileSync(path.join(home, 'contacts.csv'), contacts.join('\n'));
  fs.writeFileSync(path.join(home, 'consents.csv'), consents.join('\n'));
  await relance(['import', 'contacts', path.join(home, 'contacts.csv')], env);
  await relance(['import', 'consents', path.join(home, 'consents.csv')], env);
}

async function launch(home: string, env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const file = path.join(home, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({
    name, objective: 'loyalty', segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'F' }] },
    channel: 'email', template: 'templates/email/new-products.mjml',
    sender: { name: 'Maison Atlas', email: 'bonjour@maison-atlas.fr', postal_address: '12 rue de la Paix, 75002 Paris', signatory_name: 'Salma Berrada', signatory_title: 'Directrice clientèle' },
    costs: { per_message: { email: 0.002 }, currency: 'EUR' },
    data: { collection_name: 'Collection Printemps', launch_date: '2027-03-01' },
  }));
  const { id } = await relance(['campaign', 'create', file], env);
  const launched = await relance(['campaign', 'launch', id], env);
  process.stderr.write(`fault: launched ${name}: ${launched.status}\n`);
  return id;
}

async function states(url: string, campaignId: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`SELECT state, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY state`, [campaignId]);
  await client.end();
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

function duplicates(sink: SmtpSink): number {
  const seen = new Map<string, number>();
  for (const message of sink.received) for (const to of message.to) seen.set(to, (seen.get(to) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

export async function run(args: string[]): Promise<number> {
  const recipients = option(args, 'recipients', 20_000);
  const crashes = option(args, 'crashes', 4);
  const inFlight = 20;
  const failures: string[] = [];
  const results: Record<string, unknown> = {};

  for (const scenario of ['crash', 'split'] as const) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `relance-fault-${scenario}-`));
    const database = await createBenchDatabase(`fault_${scenario}`);
    const sink = new SmtpSink();
    await sink.start();
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: database.url, RELANCE_HOME: home, SMTP_URL: sink.url, LOG_LEVEL: 'warn', CI: '1',
      SECRET_KEY: 'fault-test-secret-key-0123456789abcdef0123', RELANCE_CLAIM_LEASE_SECONDS: '3', RELANCE_DISPATCH_IN_FLIGHT: String(inFlight),
      RELANCE_DISPATCH_JOBS: '1', RELANCE_DISPATCH_BATCH: '200', RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0',
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
          while (sink.received.length < target && Date.now() < deadline && sink.received.length < recipients) await sleep(20);
          worker.kill('SIGKILL');
          await new Promise((resolve) => worker.once('exit', resolve));
          process.stderr.write(`fault crash: killed worker ${crash + 1}/${crashes} with ${sink.received.length} messages at the sink\n`);
        }
        const last = startRelance('worker', env);
        await waitUntilDone(database.url, campaignId, 600_000);
        last.kill('SIGTERM');
        await new Promise((resolve) => last.once('exit', resolve));
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
      results[scenario] = { recipients, seconds: Math.round((Date.now() - started) / 1000), sink: received, states: counts, duplicates: dup, report_messages: report.messages };
      if (dup) failures.push(`${scenario}: ${dup} recipients received the message more than once`);
      if (delivered + unknown !== recipients) failures.push(`${scenario}: ${delivered} delivered + ${unknown} unknown ≠ ${recipients} recipients`);
      if (received < delivered || received > delivered + unknown) failures.push(`${scenario}: the sink received ${received}, the ledger says ${delivered} delivered and ${unknown} unknown`);
      if (scenario === 'crash' && unknown > inFlight * crashes) failures.push(`crash: ${unknown} unknown > ${inFlight} in flight × ${crashes} crashes`);
      if (scenario === 'split' && unknown) failures.push(`split: ${unknown} unknown without any crash`);
      if (report.messages.delivered !== delivered || report.messages.unknown !== unknown) failures.push(`${scenario}: the report's counts differ from the ledger`);
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
