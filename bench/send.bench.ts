import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import { Client } from 'pg';
import { createBenchDatabase, option } from './bench-database';
import { prepareEmail, renderEmailMessage, withTrackedVariant } from '../src/templates/email/email-template';
import { parseTemplateSource } from '../src/templates/source/template-definition';
import { benchEmailSource, benchRecipients } from './render.bench';
import { LOCK_DUE_SQL } from '../src/deliveries/deliveries.repository';
import { relance, sleep, startRelance } from './support/relance-process';
import { SinkProcess } from './support/sink-process';

/**
 * `npm run bench send`: 100,000 personalised ~50 KB e-mails from a segment to a local SMTP sink,
 * against the PostgreSQL server, beside a raw nodemailer pool sending pre-rendered messages to
 * the same sink in the same run; then a 10,000-letter print batch. Prints JSON with the figures.
 * The sink runs in a process of its own for both, as a relay would be another machine: the raw
 * client gets this process to itself, as relance's worker gets its own.
 * Every contact consents to tracking, so each message gets its pixel and tracked links;
 * `--no-tracking` runs with RELANCE_TRACKING=off for comparison.
 */
const SMTP_CONNECTIONS = 8;

async function seed(home: string, env: NodeJS.ProcessEnv, count: number, prefix = 'S'): Promise<void> {
  const contacts = [
    'external_id,civility,first_name,last_name,email,address_line1,postal_code,city,country,loyalty_card_expires_on,points,points_fidelite',
  ];
  const consents = ['external_id,channel,status,method,source,collected_at'];
  const names = ['Hélène', 'Karim', 'Zoé', 'Youssef', 'Anaïs', 'Omar', 'Chloé', 'Mehdi'];
  for (let i = 0; i < count; i++) {
    contacts.push(
      `${prefix}${i},${i % 2 ? 'Mme' : 'M.'},${names[i % 8]},Nom${i},client${i}@exemple${i % 50}.fr,${1 + (i % 180)} rue de la République,${String(10000 + ((i * 7919) % 89999))},Lyon,FR,2027-06-30,${(i * 37) % 5000},${(i * 37) % 5000}`,
    );
    consents.push(`${prefix}${i},email,granted,checkbox,web,2026-01-10T09:00:00Z`);
    // Everyone agreed to open/click tracking: every message carries the pixel and rewritten links (the costlier path).
    consents.push(`${prefix}${i},tracking,granted,checkbox,web,2026-01-10T09:00:00Z`);
  }
  fs.writeFileSync(path.join(home, `contacts-${prefix}.csv`), contacts.join('\n'));
  fs.writeFileSync(path.join(home, `consents-${prefix}.csv`), consents.join('\n'));
  await relance(['import', 'contacts', path.join(home, `contacts-${prefix}.csv`)], env);
  await relance(['import', 'consents', path.join(home, `consents-${prefix}.csv`)], env);
}

/**
 * Peak RSS in MB of the worker. `relance worker` starts again with a bounded heap: the peak of the
 * worker proper, plus the memory of its small launcher that is its own (its anonymous pages; the
 * Node binary's pages are shared between both).
 */
function peakRssMb(pid: number | undefined): number {
  const read = (process: number | string | undefined, file: string) => {
    try {
      return fs.readFileSync(`/proc/${process}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  const kb = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const status = read(pid, 'status');
  const children = read(pid, `task/${pid}/children`).split(' ').filter(Boolean);
  if (!children.length) return Math.round(kb(status, 'VmHWM') / 1024);
  const worker = children.reduce((sum, child) => sum + kb(read(child, 'status'), 'VmHWM'), 0);
  return Math.round((worker + kb(status, 'RssAnon')) / 1024);
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
    const own = (Number(fields[11]) + Number(fields[12])) / 100;
    return own + children.reduce((sum, child) => sum + cpuSeconds(Number(child)), 0);
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by the PostgreSQL server's processes on this machine (its backends come and go: an estimate). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += cpuSeconds(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

async function deliveredCount(url: string, campaignId: string): Promise<{ done: number; delivered: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT count(*) FILTER (WHERE state NOT IN ('planned', 'claimed', 'sending'))::int AS done, count(*) FILTER (WHERE state = 'delivered')::int AS delivered FROM deliveries WHERE campaign_id = $1`,
    [campaignId],
  );
  await client.end();
  return rows[0];
}

/** Dispatches a launched campaign with one `relance worker`; returns messages/s and the worker's peak memory. */
async function runWorker(
  url: string,
  env: NodeJS.ProcessEnv,
  campaignId: string,
  total: number,
  sink: SinkProcess,
): Promise<{
  seconds: number;
  peakRssMb: number;
  delivered: number;
  workerCpu: number;
  sinkCpu: number;
  postgresCpu: number;
}> {
  const started = Date.now();
  const sinkCpuAtStart = cpuSeconds(sink.pid);
  const postgresAtStart = postgresCpuSeconds();
  // BENCH_PROFILE=<dir>: a CPU profile of the worker, to see where the time goes;
  // BENCH_WORKER_NODE_OPTIONS: Node options for the worker alone (e.g. --trace-gc), its output on stderr.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const nodeOptions = (process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const worker = startRelance('worker', env, (line) => process.stderr.write(line), [...profile, ...nodeOptions]);
  let peak = 0;
  let exited: number | null = null;
  worker.once('exit', (code) => (exited = code ?? -1));
  // Polled with a query that stops at the first delivery still to do, not a count of the whole
  // campaign: four counts a second over 100,000 rows would take CPU from the system being measured.
  const client = new Client({ connectionString: url });
  await client.connect();
  const remaining = async () =>
    (
      await client.query(
        `SELECT EXISTS (SELECT 1 FROM deliveries WHERE campaign_id = $1 AND state IN ('planned', 'claimed', 'sending')) AS left`,
        [campaignId],
      )
    ).rows[0].left as boolean;
  while (await remaining()) {
    if (exited !== null) throw new Error(`the worker exited (${String(exited)}) before the campaign was dispatched`);
    await sleep(250);
    peak = Math.max(peak, peakRssMb(worker.pid));
  }
  const seconds = (Date.now() - started) / 1000;
  // Share of one core used meanwhile by the worker, the sink and PostgreSQL.
  const workerCpu = cpuSeconds(worker.pid) / seconds;
  const sinkCpu = (cpuSeconds(sink.pid) - sinkCpuAtStart) / seconds;
  const postgresCpu = (postgresCpuSeconds() - postgresAtStart) / seconds;
  await client.end();
  const state = await deliveredCount(url, campaignId);
  if (state.done < total) throw new Error(`only ${state.done} of ${total} deliveries were dispatched`);
  peak = Math.max(peak, peakRssMb(worker.pid));
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  return { seconds, peakRssMb: peak, delivered: state.delivered, workerCpu, sinkCpu, postgresCpu };
}

/** The size of one of the campaign's messages, rendered here (tracked links, unsubscribe headers): the first raw run's sample. */
async function estimatedMessageBytes(source: string): Promise<number> {
  const prepared = withTrackedVariant(
    await prepareEmail(
      parseTemplateSource({ reference: 'bench/newsletter.mjml', text: source, channel: 'email' }),
      'bench',
    ),
    'https://relance.example',
  );
  const token = 'x'.repeat(22);
  return renderEmailMessage(
    prepared,
    benchRecipients(1)[0],
    {
      from: { name: 'Maison Atlas', address: 'bonjour@maison-atlas.fr' },
      to: { name: 'Hélène Nom0', address: 'client0@exemple0.fr' },
      messageId: '<d100000.12345678@maison-atlas.fr>',
      listUnsubscribe: `<https://relance.example/u/${'x'.repeat(64)}>`,
      listUnsubscribePost: 'List-Unsubscribe=One-Click',
    },
    { open: token, links: prepared.tracked!.links.map(() => token) },
  ).length;
}

/** A pre-rendered message of about `size` bytes for the raw client: CRLF lines, nothing to escape. */
function rawSample(size: number): Buffer {
  const sample = Buffer.alloc(size, 'x');
  sample.write(
    `From: bonjour@maison-atlas.fr\r\nTo: x@exemple.fr\r\nSubject: bench\r\nMessage-ID: <raw@bench>\r\n\r\n`,
  );
  for (let i = 100; i < sample.length; i += 76) sample.write('\r\n', i);
  return sample;
}

async function rawBaseline(
  sink: SinkProcess,
  sample: Buffer,
  count: number,
): Promise<{ rate: number; cpu: number; sinkCpu: number }> {
  const cpuAtStart = process.cpuUsage();
  const sinkCpuAtStart = cpuSeconds(sink.pid);
  const transport = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Infinity,
  });
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await transport.sendMail({
        envelope: { from: 'bonjour@maison-atlas.fr', to: [`client${index}@exemple${index % 50}.fr`] },
        raw: sample,
      });
    }
  };
  await Promise.all(Array.from({ length: SMTP_CONNECTIONS * 4 }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  transport.close();
  const usage = process.cpuUsage(cpuAtStart);
  return {
    rate: count / seconds,
    cpu: (usage.user + usage.system) / 1e6 / seconds,
    sinkCpu: (cpuSeconds(sink.pid) - sinkCpuAtStart) / seconds,
  };
}

export async function run(args: string[]): Promise<number> {
  const count = option(args, 'recipients', option(args, 'messages', 100_000));
  const letters = option(args, 'letters', 10_000);
  // --raw <n>: the raw pool sends n messages (half before relance, half after) instead of as many as relance.
  const rawCount = option(args, 'raw', count);
  const tracking = args.includes('--no-tracking') ? 'off' : 'consent';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-send-'));
  const database = await createBenchDatabase('send');
  const sink = await SinkProcess.start();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    RELANCE_HOME: home,
    SMTP_URL: sink.url,
    LOG_LEVEL: 'warn',
    CI: '1',
    SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789',
    RELANCE_SMTP_MAX_CONNECTIONS: String(SMTP_CONNECTIONS),
    RELANCE_SMTP_PER_DOMAIN: '20',
    RELANCE_DISPATCH_JOBS: '2',
    RELANCE_DISPATCH_IN_FLIGHT: '128',
    RELANCE_DISPATCH_BATCH: '1000',
    RELANCE_CAP_7_DAYS: '0',
    RELANCE_CAP_30_DAYS: '0',
    RELANCE_TRACKING: tracking,
  };
  // BENCH_RELANCE_<NAME>=value sets RELANCE_<NAME> for the worker, to try other dispatch settings.
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith('BENCH_RELANCE_')) env[name.slice('BENCH_'.length)] = value;
  try {
    process.stderr.write(`bench send: seeding ${count} contacts…\n`);
    await seed(home, env, count);
    // About 50 KB on the wire: ~42 KB of HTML, its plain-text alternative and the headers.
    const { source, htmlBytes } = await benchEmailSource(42_000);
    fs.writeFileSync(path.join(home, 'newsletter.mjml'), source);
    const template = await relance(
      [
        'template',
        'save',
        path.join(home, 'newsletter.mjml'),
        '--name',
        'Lettre d’information (bench)',
        '--channel',
        'email',
      ],
      env,
    );
    const campaignFile = path.join(home, 'campaign.json');
    fs.writeFileSync(
      campaignFile,
      JSON.stringify({
        name: 'Bench e-mail',
        objective: 'launch',
        segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'S' }] },
        channel: 'email',
        template: template.id,
        sender: {
          name: 'Maison Atlas',
          email: 'bonjour@maison-atlas.fr',
          postal_address: '12 rue de la Paix, 75002 Paris',
        },
        costs: { per_message: { email: 0.002 }, currency: 'EUR' },
      }),
    );
    const { id } = await relance(['campaign', 'create', campaignFile], env);
    // The raw baseline runs before relance and again after it, half the messages each time: the
    // machine is shared, and a slower or faster spell shows as a gap between the two runs.
    process.stderr.write('bench send: raw nodemailer pool, pre-rendered messages, same sink (before)…\n');
    const rawBefore = await rawBaseline(sink, rawSample(await estimatedMessageBytes(source)), Math.ceil(rawCount / 2));
    process.stderr.write('bench send: launching (audience snapshot, deliveries, jobs)…\n');
    const launchStarted = Date.now();
    await relance(['campaign', 'launch', id], env);
    const launchSeconds = (Date.now() - launchStarted) / 1000;
    // The plan of the worker's claim query, while every delivery of the step is still due.
    const planClient = new Client({ connectionString: database.url });
    await planClient.connect();
    const {
      rows: [emailStep],
    } = await planClient.query(`SELECT id FROM campaign_steps WHERE campaign_id = $1`, [id]);
    const plan = await planClient.query(`EXPLAIN ${LOCK_DUE_SQL}`, [emailStep.id, 1000]);
    await planClient.end();
    process.stderr.write('bench send: one worker dispatching…\n');
    const relanceRun = await runWorker(database.url, env, id, count, sink);
    const { sizes } = await sink.stats(100);
    const averageSize = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length);

    process.stderr.write('bench send: raw nodemailer pool, pre-rendered messages, same sink (after)…\n');
    const rawAfter = await rawBaseline(sink, rawSample(averageSize), Math.floor(rawCount / 2));
    // Both runs together: messages over the time they took.
    const rawRate = rawCount / (Math.ceil(rawCount / 2) / rawBefore.rate + Math.floor(rawCount / 2) / rawAfter.rate);
    const share = (before: number, after: number) => Math.round(((before + after) / 2) * 100) / 100;

    process.stderr.write(`bench send: a ${letters}-letter print batch…\n`);
    await seed(home, env, letters, 'P');
    const letterFile = path.join(home, 'letters.json');
    fs.writeFileSync(
      letterFile,
      JSON.stringify({
        name: 'Bench courrier',
        objective: 'loyalty',
        segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'P' }] },
        channel: 'letter',
        template: 'templates/letters/loyalty-card-renewal.hbs',
        sender: {
          name: 'Maison Atlas',
          postal_address: '12 rue de la Paix\n75002 Paris',
          place: 'Paris',
          signatory_name: 'Salma Berrada',
          signatory_title: 'Directrice clientèle',
          country: 'FR',
        },
        costs: { per_message: { letter: 1.2 }, currency: 'EUR' },
        data: { bonus_points: 500 },
      }),
    );
    const letterCampaign = await relance(['campaign', 'create', letterFile], env);
    const letterStarted = Date.now();
    await relance(['campaign', 'launch', letterCampaign.id, '--wait'], env);
    const letterSeconds = (Date.now() - letterStarted) / 1000;
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const {
      rows: [batch],
    } = await client.query(`SELECT letters, pages FROM print_batches WHERE campaign_id = $1`, [letterCampaign.id]);
    await client.end();

    const relanceRate = count / relanceRun.seconds;
    const result = {
      messages: count,
      raw_messages: rawCount,
      tracking,
      message_bytes: averageSize,
      html_bytes: htmlBytes,
      launch_seconds: Math.round(launchSeconds * 100) / 100,
      relance: {
        seconds: Math.round(relanceRun.seconds * 10) / 10,
        messages_per_second: Math.round(relanceRate),
        delivered: relanceRun.delivered,
        worker_peak_rss_mb: relanceRun.peakRssMb,
        worker_cpu_share: Math.round(relanceRun.workerCpu * 100) / 100,
        sink_cpu_share: Math.round(relanceRun.sinkCpu * 100) / 100,
        postgres_cpu_share: Math.round(relanceRun.postgresCpu * 100) / 100,
      },
      raw_nodemailer: {
        messages_per_second: Math.round(rawRate),
        before_relance: Math.round(rawBefore.rate),
        after_relance: Math.round(rawAfter.rate),
        client_cpu_share: share(rawBefore.cpu, rawAfter.cpu),
        sink_cpu_share: share(rawBefore.sinkCpu, rawAfter.sinkCpu),
      },
      relance_vs_raw: Math.round((relanceRate / rawRate) * 100) / 100,
      letters: {
        letters: batch?.letters,
        pages: batch?.pages,
        seconds_including_launch: Math.round(letterSeconds * 10) / 10,
        letters_per_second: Math.round(letters / letterSeconds),
      },
      claim_query_plan: plan.rows.map((row) => row['QUERY PLAN']),
      targets: { messages_per_second: '>= 1200', relance_vs_raw: '>= 0.7', worker_peak_rss_mb: '< 250' },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    const ok = relanceRate >= 1200 && relanceRate / rawRate >= 0.7 && relanceRun.peakRssMb < 250;
    process.stderr.write(`bench send: ${ok ? 'targets met' : 'TARGETS MISSED'}\n`);
    return 0;
  } finally {
    await sink.stop();
    await database.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
