import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DEMO_SENDER } from '../src/demo/demo-campaigns';
import { createBenchDatabase, option, textOption } from './bench-database';
import { ConsoleClient, timePages, type PageTiming } from './support/console-client';
import { relance, ROOT, sleep, startRelance } from './support/relance-process';
import { api, freePort, stopServer, waitForServer } from './support/relance-http';

/**
 * How fast the console's pages answer (issue 17: under 200 ms on the demo data, under 1 s with
 * 60,000 clients and 100 campaigns). Two bases, one after the other, each in its own database:
 *  - demo: `relance demo` as a newcomer runs it (5,000 clients, two campaigns), plus the birthday
 *    and win-back automations of the library;
 *  - large: `relance demo --contacts 60000`, then 98 more e-mail campaigns launched through the
 *    API to audiences cut by city and value tier, sent by the server's workers to the file outbox.
 * Each page is fetched over loopback by a signed-in admin: two untimed requests, then `--runs`
 * timed ones (median, min, max from request to last byte). `npm run bench console [-- --only demo]
 * [--runs 15] [--contacts 60000] [--campaigns 100] [--reuse <url> --home <dir>]`. Exits 1 when a page
 * misses its target.
 */
const SECRET = 'bench-console-secret-key-0123456789abcdef';

interface Base {
  label: string;
  contacts: number;
  campaigns: number;
  targetMs: number;
}

/** Audiences of a few hundred clients each: every (city, value tier) pair of the base, largest first. */
async function audiences(url: string, count: number): Promise<Array<{ city: string; tier: string }>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ city: string; tier: string }>(
    `SELECT c.city, s.value_tier AS tier FROM contacts c JOIN contact_scores s ON s.contact_id = c.id
     WHERE c.city IS NOT NULL AND s.value_tier IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT $1`,
    [count],
  );
  await client.end();
  return rows;
}

/** The 98 further campaigns of the large base, launched through the API and sent by the server. */
async function addCampaigns(origin: string, url: string, key: string, count: number): Promise<void> {
  const cuts = await audiences(url, count);
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const cut = cuts[index % cuts.length];
    const created = await api<{ id: string }>(origin, key, 'POST', '/campaigns', {
      name: `Relance ${cut.city} ${cut.tier} n° ${index + 1}`,
      objective: index % 2 ? 'reactivation' : 'loyalty',
      segment: {
        all: [
          { field: 'city', op: 'eq', value: cut.city },
          { field: 'value_tier', op: 'eq', value: cut.tier },
        ],
      },
      channel: 'email',
      template: 'templates/email/winback.mjml',
      sender: DEMO_SENDER,
      holdout_percent: 10,
      margin_rate: 0.35,
      attribution_days: 30,
      costs: { fixed: 100, per_message: { email: 0.02 }, currency: 'MAD' },
      data: { voucher_amount: '150', voucher_ends_on: '2027-01-31' },
    });
    await api(origin, key, 'POST', `/campaigns/${created.id}/launch`);
    ids.push(created.id);
  }
  for (let waited = 0; ; waited++) {
    const listed = await api<Array<{ id: string; status: string }>>(origin, key, 'GET', '/campaigns');
    const open = listed.filter(
      (campaign) => ids.includes(campaign.id) && !['completed', 'cancelled'].includes(campaign.status),
    );
    if (!open.length) return;
    if (waited % 30 === 0) process.stderr.write(`bench console: ${open.length} campaigns still sending\n`);
    await sleep(1000);
  }
}

/**
 * A server with autovacuum off (test servers often are) never clears the row versions the sends
 * left behind nor gathers statistics on what they wrote: done here once, as autovacuum would on a
 * server with PostgreSQL's defaults, so the pages are timed as an installation would see them.
 */
async function tidyWithoutAutovacuum(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0].autovacuum === 'off') {
      process.stderr.write('bench console: autovacuum is off on this server: VACUUM (ANALYZE) once before timing\n');
      await client.query('VACUUM (ANALYZE)');
    }
  } finally {
    await client.end();
  }
}

/** Every page of the console worth timing, on this base's biggest campaign and first automation. */
async function consolePaths(origin: string, key: string): Promise<string[]> {
  const campaigns = await api<Array<{ id: string }>>(origin, key, 'GET', '/campaigns');
  const automations = await api<Array<{ id: string }>>(origin, key, 'GET', '/automations');
  const campaign = campaigns[0]?.id;
  const paths = ['/', '/?periode=annee', '/tableau-de-bord/campagnes-en-cours', '/campagnes', '/rentabilite'];
  paths.push(`/rentabilite?debut=2020-01-01&fin=${new Date().toISOString().slice(0, 10)}`, '/automatisations');
  if (campaign)
    paths.push(
      `/campagnes/${campaign}`,
      `/campagnes/${campaign}/progression`,
      `/campagnes/${campaign}/envois`,
      `/campagnes/${campaign}/envois.csv`,
      `/campagnes/${campaign}/bilan.pdf`,
    );
  if (automations[0]) paths.push(`/automatisations/${automations[0].id}`);
  paths.push('/boite-d-envoi', '/boite-d-envoi/e-mails', '/boite-d-envoi/courriers', '/parametres');
  paths.push('/segments/portrait');
  return paths;
}

/**
 * The base to time: a fresh database seeded here, or with `--reuse <url> --home <dir>` one that an
 * earlier run kept (BENCH_KEEP_DATABASE=1 prints both), so a query can be tuned without reseeding
 * (the large base takes a quarter of an hour). A reused base gets a new admin and key of its own.
 */
async function openBase(base: Base, args: string[]): Promise<{ url: string; home: string; drop(): Promise<void> }> {
  const reuse = textOption(args, 'reuse');
  if (reuse) {
    const home = textOption(args, 'home');
    if (!home || !fs.existsSync(home))
      throw new Error(`bench console: --reuse needs --home <dir> of that base (${home})`);
    return { url: reuse, home, drop: () => Promise.resolve() };
  }
  const database = await createBenchDatabase(`console_${base.label}`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-console-'));
  const drop = async () => {
    await database.drop();
    if (process.env.BENCH_KEEP_DATABASE === '1') process.stderr.write(`bench: home kept: ${home}\n`);
    else fs.rmSync(home, { recursive: true, force: true });
  };
  return { url: database.url, home, drop };
}

async function measureBase(base: Base, runs: number, args: string[]): Promise<PageTiming[]> {
  const database = await openBase(base, args);
  const reused = Boolean(textOption(args, 'reuse'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    RELANCE_HOME: database.home,
    SECRET_KEY: SECRET,
    PORT: String(port),
    PUBLIC_URL: origin,
    LOG_LEVEL: 'warn',
  };
  const server = { child: undefined as ReturnType<typeof startRelance> | undefined };
  const email = reused ? `bench-${process.pid}@example.com` : 'bench@example.com';
  try {
    if (!reused) {
      process.stderr.write(`bench console: ${base.label}: relance demo --contacts ${base.contacts}\n`);
      await relance(['demo', '--contacts', String(base.contacts)], env);
    }
    const user = await relance(['user', 'create', email, '--role', 'admin'], env);
    const key = (await relance(['apikey', 'create', '--role', 'admin'], env)).key as string;
    // Two of the ready-made reminders, as an installation runs them: their pages and the dashboard's next sends are timed too.
    if (!reused)
      for (const automation of ['birthday', 'winback'])
        await relance(['automation', 'create', path.join(ROOT, 'templates', 'automations', `${automation}.json`)], env);
    server.child = startRelance('serve', env);
    await waitForServer(origin, server.child);
    if (!reused && base.campaigns > 2) await addCampaigns(origin, database.url, key, base.campaigns - 2);
    await tidyWithoutAutovacuum(database.url);
    const client = new ConsoleClient(origin);
    await client.signIn(email, user.password);
    return await timePages(client, await consolePaths(origin, key), runs);
  } finally {
    await stopServer(server.child);
    await database.drop();
  }
}

function table(base: Base, timings: PageTiming[]): string {
  const lines = [
    `\n${base.label}: ${base.contacts} clients, ${base.campaigns} campaigns — target < ${base.targetMs} ms`,
  ];
  lines.push('| page | median ms | min | max | KB | within target |', '|---|---:|---:|---:|---:|---|');
  for (const t of timings)
    lines.push(
      `| ${t.path} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.bytes / 1024).toFixed(0)} | ${t.median < base.targetMs ? 'yes' : 'NO'} |`,
    );
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const runs = option(args, 'runs', 15);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const bases: Base[] = [
    { label: 'demo', contacts: 5000, campaigns: 2, targetMs: 200 },
    {
      label: 'large',
      contacts: option(args, 'contacts', 60000),
      campaigns: option(args, 'campaigns', 100),
      targetMs: 1000,
    },
  ].filter((base) => !only || base.label === only);
  let missed = 0;
  const results: Record<string, PageTiming[]> = {};
  for (const base of bases) {
    const timings = await measureBase(base, runs, args);
    results[base.label] = timings;
    process.stdout.write(`${table(base, timings)}\n`);
    missed += timings.filter((t) => t.median >= base.targetMs).length;
  }
  process.stdout.write(
    `\n${JSON.stringify({ bench: 'console', database: process.env.DATABASE_URL ? 'server' : 'embedded', runs, results })}\n`,
  );
  return missed ? 1 : 0;
}
