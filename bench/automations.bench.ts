import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createBenchDatabase, option } from './bench-database';
import { relance, ROOT, sleep } from './support/relance-process';
import { spawn } from 'node:child_process';
import { SmtpSink } from './support/smtp-sink';

/**
 * Acceptance runs of the loyalty scheduler, against the PostgreSQL server (CI runs it):
 *  - year: a birthday automation over `--contacts` contacts (several time zones, across DST
 *    changes, some born on 29 February), the tick run every hour over 365 simulated days, the
 *    messages sent to an SMTP sink → each contact with e-mail consent receives exactly one
 *    birthday e-mail, queued on their local birthday (28 February in 2027 for 29 February)
 *    at 09:30 local time, within the hour after it became due;
 *  - concurrent: two scheduler processes replay the same ten days at once → no duplicate;
 *  - crash: a process replaying twenty days is killed (SIGKILL) three times mid-run and
 *    restarted → no duplicate, nothing within the catch-up window missed.
 * `npm run bench automations -- --contacts 2000`. Exits non-zero when a check fails.
 */
const ZONES = [
  'Europe/Paris',
  'Africa/Casablanca',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Tokyo',
  'America/Sao_Paulo',
];
const YEAR = 2027;

interface Person {
  id: string;
  email: string;
  birth: string;
  zone: string;
  consent: boolean;
}

function people(count: number): Person[] {
  const list: Person[] = [];
  for (let i = 0; i < count; i++) {
    // Spread over every day of a leap year; one in 50 born on 29 February.
    const day =
      i % 50 === 7 ? new Date(Date.UTC(1988, 1, 29)) : new Date(Date.UTC(1980 + (i % 20), 0, 1 + ((i * 37) % 365)));
    list.push({
      id: `Y${i}`,
      email: `anniv${i}@exemple.fr`,
      birth: day.toISOString().slice(0, 10),
      zone: ZONES[i % ZONES.length],
      consent: i % 5 !== 3,
    });
  }
  return list;
}

async function seed(home: string, env: NodeJS.ProcessEnv, list: Person[]): Promise<void> {
  const contacts = ['external_id,first_name,last_name,email,country,birth_date,timezone'];
  const consents = ['external_id,channel,status,method,source,collected_at,wording'];
  for (const p of list) {
    contacts.push(`${p.id},Client,Numéro ${p.id},${p.email},FR,${p.birth},${p.zone}`);
    if (p.consent)
      consents.push(
        `${p.id},email,granted,checkbox,site web,2026-01-15T10:00:00Z,J'accepte de recevoir les offres par e-mail`,
      );
  }
  fs.writeFileSync(path.join(home, 'contacts.csv'), contacts.join('\n'));
  fs.writeFileSync(path.join(home, 'consents.csv'), consents.join('\n'));
  await relance(['import', 'contacts', path.join(home, 'contacts.csv')], env);
  await relance(['import', 'consents', path.join(home, 'consents.csv')], env);
  const automation = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates', 'automations', 'birthday.json'), 'utf8'));
  fs.writeFileSync(
    path.join(home, 'birthday.json'),
    JSON.stringify({ ...automation, holdout_percent: 0, segment: { all: [] } }),
  );
  await relance(['automation', 'create', path.join(home, 'birthday.json')], env);
}

const runArgs = (from: string, until: string) => [
  'automations',
  'run',
  '--at',
  from,
  '--until',
  until,
  '--every',
  '60',
  '--wait',
];

/** The local birthday in YEAR (29 February → 28 February in a common year). */
const birthdayIn = (birth: string) => (birth.slice(5) === '02-29' ? `${YEAR}-02-28` : `${YEAR}-${birth.slice(5)}`);

/**
 * Checks the sink against the ledger: no (contact, occurrence) received twice; every contact
 * with consent whose birthday falls well inside the window received it (except messages whose
 * fate a crash left unknown); every occurrence on the local birthday at 09:30, handled by the
 * first tick after it became due (those due before the first tick were caught up).
 */
async function check(
  url: string,
  sink: SmtpSink,
  list: Person[],
  window: { from: string; until: string },
  failures: string[],
  label: string,
): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT c.external_id, c.email, o.occurrence, to_char(o.due_at AT TIME ZONE c.timezone, 'YYYY-MM-DD HH24:MI') AS local_due, o.due_at,
            extract(epoch FROM o.handled_at - o.due_at)::float8 AS late_seconds, d.state, d.id::text AS delivery_id
     FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id LEFT JOIN deliveries d ON d.id = o.delivery_id WHERE o.outcome = 'queued'`,
  );
  await client.end();
  // Message-IDs are built from the delivery id (<d123.…@domain>): a message handed over just
  // before a crash, whose outcome was never recorded, still maps to its delivery.
  const byDelivery = new Map(rows.filter((r) => r.delivery_id).map((r) => [r.delivery_id, r]));
  const received = new Map<string, number>();
  let strangers = 0;
  for (const message of sink.received) {
    const deliveryId = /^<d(\d+)\./.exec(message.messageId ?? '')?.[1];
    const row = deliveryId ? byDelivery.get(deliveryId) : undefined;
    if (!row || !message.to.includes(row.email)) strangers++;
    else
      received.set(
        `${row.external_id}/${row.occurrence}`,
        (received.get(`${row.external_id}/${row.occurrence}`) ?? 0) + 1,
      );
  }
  const duplicates = [...received.values()].filter((n) => n > 1).length;
  const byId = new Map(list.map((p) => [p.id, p]));
  const from = new Date(window.from).getTime();
  let wrongDay = 0;
  let late = 0;
  let unknown = 0;
  for (const row of rows) {
    const person = byId.get(row.external_id)!;
    const expectedDay = `${row.occurrence.slice(0, 4)}-${person.birth.slice(5)}`;
    const leapSafe =
      person.birth.slice(5) === '02-29' && !isLeap(Number(row.occurrence.slice(0, 4)))
        ? `${row.occurrence.slice(0, 4)}-02-28`
        : expectedDay;
    if (!person.consent || row.local_due !== `${leapSafe} 09:30` || row.occurrence !== leapSafe) wrongDay++;
    if (new Date(row.due_at).getTime() >= from && (row.late_seconds < 0 || row.late_seconds >= 3600)) late++;
    if (row.state === 'unknown') unknown++;
  }
  const inside = (day: string) => day > window.from.slice(0, 10) && day < window.until.slice(0, 10);
  const expected = list.filter((p) => p.consent && inside(birthdayIn(p.birth)));
  const missing = expected.filter((p) => !received.has(`${p.id}/${birthdayIn(p.birth)}`)).length;
  if (duplicates) failures.push(`${label}: ${duplicates} contacts received the same birthday e-mail more than once`);
  if (missing > unknown) {
    const states = rows
      .filter((r) => expected.some((p) => p.id === r.external_id) && !received.has(`${r.external_id}/${r.occurrence}`))
      .map((r) => `${r.external_id}:${r.state}`);
    failures.push(
      `${label}: ${missing} contacts with consent received nothing (${unknown} unknown after crashes; ledger: ${states.join(', ') || 'no occurrence'})`,
    );
  }
  if (strangers) failures.push(`${label}: ${strangers} messages at the sink match no queued occurrence`);
  if (wrongDay)
    failures.push(
      `${label}: ${wrongDay} occurrences not on the local birthday at 09:30, or to a contact without consent`,
    );
  if (late) failures.push(`${label}: ${late} occurrences queued more than an hour after they were due`);
  return {
    expected: expected.length,
    received: sink.received.length,
    occurrences: rows.length,
    duplicates,
    missing,
    strangers,
    wrong_day: wrongDay,
    late,
    unknown,
  };
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

async function scenario(
  name: string,
  count: number,
  failures: string[],
  body: (env: NodeJS.ProcessEnv) => Promise<{ from: string; until: string }>,
): Promise<Record<string, unknown>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `relance-automations-${name}-`));
  const database = await createBenchDatabase(`automations_${name}`);
  const sink = new SmtpSink();
  await sink.start();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    RELANCE_HOME: home,
    SMTP_URL: sink.url,
    LOG_LEVEL: 'warn',
    CI: '1',
    SECRET_KEY: 'automations-bench-secret-key-0123456789abcdef',
    RELANCE_CAP_7_DAYS: '0',
    RELANCE_CAP_30_DAYS: '0',
    RELANCE_TIMEZONE: 'Europe/Paris',
    RELANCE_CLAIM_LEASE_SECONDS: '3',
    RELANCE_RETRY_BASE_SECONDS: '1',
    RELANCE_RETRY_MAX_SECONDS: '2',
  };
  try {
    const list = people(count);
    await seed(home, env, list);
    const started = Date.now();
    const window = await body(env);
    // Messages a transient SMTP error left for a retry in a few seconds: a last replay sends them.
    await sleep(3000);
    await relance(['automations', 'run', '--at', window.until, '--wait'], env);
    const seconds = Math.round((Date.now() - started) / 1000);
    return { ...(await check(database.url, sink, list, window, failures, name)), seconds };
  } finally {
    await sink.stop();
    await database.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function runProcess(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'relance.js'), ...args, '--json'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, done, stderr: () => stderr };
}

export async function run(args: string[]): Promise<number> {
  const count = option(args, 'contacts', 2000);
  const failures: string[] = [];
  const results: Record<string, unknown> = {};

  results.year = await scenario('year', count, failures, async (env) => {
    const from = `${YEAR}-01-01T00:00:00Z`;
    const until = `${YEAR}-12-31T23:00:00Z`;
    await relance(runArgs(from, until), env);
    return { from, until };
  });
  results.concurrent = await scenario('concurrent', count, failures, async (env) => {
    const from = `${YEAR}-06-01T00:00:00Z`;
    const until = `${YEAR}-06-10T23:00:00Z`;
    const both = [runProcess(runArgs(from, until), env), runProcess(runArgs(from, until), env)];
    const codes = await Promise.all(both.map((p) => p.done));
    if (codes.some((code) => code !== 0))
      failures.push(
        `concurrent: a scheduler exited with ${codes.join(', ')}: ${both.map((p) => p.stderr().slice(-500)).join(' | ')}`,
      );
    return { from, until };
  });
  results.crash = await scenario('crash', count, failures, async (env) => {
    const from = `${YEAR}-07-01T00:00:00Z`;
    const until = `${YEAR}-07-20T23:00:00Z`;
    for (let crash = 0; crash < 3; crash++) {
      const p = runProcess(runArgs(from, until), env);
      await sleep(2500 + Math.floor(Math.random() * 2500));
      p.child.kill('SIGKILL');
      await p.done;
      process.stderr.write(`automations crash: killed the scheduler ${crash + 1}/3\n`);
    }
    // Claims of the killed processes expire (3 s lease) before the last run sends what is left.
    await sleep(4000);
    const last = runProcess(runArgs(from, until), env);
    if ((await last.done) !== 0) failures.push(`crash: the last run failed: ${last.stderr().slice(-500)}`);
    return { from, until };
  });

  process.stdout.write(`${JSON.stringify({ contacts: count, ...results, failures }, null, 2)}\n`);
  for (const failure of failures) process.stderr.write(`FAIL ${failure}\n`);
  return failures.length ? 1 : 0;
}
