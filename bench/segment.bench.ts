import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createAppContext } from '../src/app/bootstrap';
import { ROLES } from '../src/core/runtime-role';
import { CONSENT_POLICY, type ConsentPolicy } from '../src/consent/consent-policy';
import { SegmentScoringService } from '../src/segments/segment-scoring.service';
import { SegmentsService } from '../src/segments/segments.service';
import { createBenchDatabase, option } from './bench-database';
import { CONSENT_SQL, contactsSql, PURCHASES_SQL } from './segment-base-sql';

/**
 * `npm run bench segment [-- --contacts 1000000 --runs 7 --explain]`: on a generated base of 1,000,000
 * contacts and ~5,000,000 purchases, times the scoring job over the whole base, the count of a
 * typical 4-condition rule through SegmentsService against the same count written by hand (run
 * alternately, medians), a preview, and the snapshot of a ~100,000-contact audience.
 */
const TYPICAL_RULE = {
  all: [
    { field: 'region', op: 'eq', value: 'Île-de-France' },
    { field: 'lifecycle', op: 'eq', value: 'retention' },
    { field: 'rfm.monetary', op: 'gte', value: 4 },
    { field: 'consent.email', op: 'eq', value: 'granted' },
  ],
};

function handWrittenCount(policy: ConsentPolicy): string {
  const methods = policy.acceptedMethods.map((method) => `'${method}'`).join(', ');
  return `SELECT count(*)::int AS count FROM contacts c JOIN contact_scores s ON s.contact_id = c.id
          WHERE c.erased_at IS NULL AND c.region = 'Île-de-France' AND s.lifecycle = 'retention' AND s.monetary_score >= 4
            AND EXISTS (SELECT 1 FROM consent_states cs WHERE cs.contact_id = c.id AND cs.channel = 'email' AND cs.status = 'granted'
                          AND cs.legal_basis = 'consent' AND cs.method IN (${methods}))`;
}

/** The campaign audience snapshotted: two large regions, e-mail consent. */
const AUDIENCE_RULE = {
  all: [
    { field: 'region', op: 'in', value: ['Île-de-France', 'Auvergne-Rhône-Alpes'] },
    { field: 'consent.email', op: 'eq', value: 'granted' },
  ],
};

const log = (message: string) => process.stderr.write(`bench segment: ${message}\n`);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round((sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2) * 10) / 10;
}

async function generate(
  url: string,
  contacts: number,
): Promise<{ seconds: number; contacts: number; purchases: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { ms } = await timed(async () => {
      log(`generating ${contacts.toLocaleString('en')} contacts…`);
      await client.query(contactsSql(contacts));
      log('generating purchases…');
      await client.query(PURCHASES_SQL);
      for (const statement of CONSENT_SQL) await client.query(statement);
      await client.query('VACUUM ANALYZE contacts, purchases, consent_states, suppressions');
    });
    const [{ n: purchases }] = (await client.query('SELECT count(*)::int AS n FROM purchases')).rows;
    return { seconds: Math.round(ms / 100) / 10, contacts, purchases };
  } finally {
    await client.end();
  }
}

async function compareCounts(app: INestApplicationContext, runs: number) {
  const segments = app.get(SegmentsService);
  const db = app.get(DataSource);
  const hand = handWrittenCount(app.get<ConsentPolicy>(CONSENT_POLICY));
  const compiledMs: number[] = [];
  const handMs: number[] = [];
  let counts = { compiled: 0, hand: 0 };
  await segments.count(TYPICAL_RULE); // warm the caches for both
  for (let run = 0; run < runs; run++) {
    const compiled = await timed(() => segments.count(TYPICAL_RULE));
    // The baseline runs exactly as the service does: one transaction, JIT off.
    const handWritten = await timed(() =>
      db.transaction(async (manager) => {
        await manager.query('SET LOCAL jit = off');
        return (await manager.query(hand))[0].count as number;
      }),
    );
    compiledMs.push(compiled.ms);
    handMs.push(handWritten.ms);
    counts = { compiled: compiled.result, hand: handWritten.result };
  }
  if (counts.compiled !== counts.hand)
    throw new Error(`the compiled count (${counts.compiled}) differs from the hand-written one (${counts.hand})`);
  return {
    count: counts.compiled,
    compiled_ms: median(compiledMs),
    hand_written_ms: median(handMs),
    runs_ms: { compiled: compiledMs.map(Math.round), hand_written: handMs.map(Math.round) },
  };
}

async function explain(app: INestApplicationContext): Promise<void> {
  const db = app.get(DataSource);
  const compiled = app.get(SegmentsService).compile(TYPICAL_RULE);
  for (const [name, sql, params] of [
    ['compiled', `SELECT count(*) FROM (${compiled.sql}) a`, compiled.params],
    ['hand-written', handWrittenCount(app.get<ConsentPolicy>(CONSENT_POLICY)), []],
  ] as const) {
    const plan: Array<Record<string, string>> = await db.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params as unknown[]);
    });
    log(`plan (${name}):\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const contacts = option(args, 'contacts', 1_000_000);
  const runs = option(args, 'runs', 7);
  const database = await createBenchDatabase('segment');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-bench-segment-'));
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    RELANCE_HOME: home,
    LOG_LEVEL: 'warn',
    RELANCE_CONSENT_POLICY: 'fr-cnil',
    RELANCE_DEFAULT_CURRENCY: 'EUR',
  });
  let app: INestApplicationContext | undefined;
  try {
    const base = await generate(database.url, contacts);
    log(`${base.purchases.toLocaleString('en')} purchases generated in ${base.seconds} s; recomputing the scores…`);
    app = await createAppContext({ role: ROLES.command, schema: 'check', defaultLogLevel: 'warn' });
    const scoring = await timed(() => app!.get(SegmentScoringService).rescore());
    log(`scores in ${(scoring.ms / 1000).toFixed(1)} s; counting (${runs} runs each)…`);
    const count = await compareCounts(app, runs);
    if (args.includes('--explain')) await explain(app);
    const preview = await timed(() => app!.get(SegmentsService).preview(TYPICAL_RULE));
    log('snapshotting the campaign audience…');
    const snapshots: Array<{ ms: number; result: { count: number } }> = [];
    for (let i = 0; i < Math.min(runs, 5); i++)
      snapshots.push(await timed(() => app!.get(SegmentsService).snapshot(AUDIENCE_RULE, { label: `bench ${i}` })));

    const result = {
      server: database.server,
      base: { contacts: base.contacts, purchases: base.purchases, generated_seconds: base.seconds },
      rescore: { seconds: Math.round(scoring.ms / 100) / 10, ...scoring.result, duration_ms: undefined },
      count: {
        rule: TYPICAL_RULE,
        ...count,
        ratio: Math.round((count.compiled_ms / count.hand_written_ms) * 100) / 100,
      },
      preview: {
        ms: Math.round(preview.ms),
        count: preview.result.count,
        reachability: preview.result.breakdown.reachability,
      },
      snapshot: {
        rule: AUDIENCE_RULE,
        contacts: snapshots[0].result.count,
        median_ms: median(snapshots.map((s) => s.ms)),
        runs_ms: snapshots.map((s) => Math.round(s.ms)),
      },
      targets: { count_ms: '< 1000', count_vs_hand_written: '<= 1.5', snapshot_ms: '< 2000', rescore_seconds: '< 120' },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    const ok =
      count.compiled_ms < 1000 &&
      result.count.ratio <= 1.5 &&
      result.snapshot.median_ms < 2000 &&
      result.rescore.seconds < 120;
    log(ok ? 'targets met' : 'TARGETS MISSED');
    return 0;
  } finally {
    await app?.close();
    await database.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
