import { Client } from 'pg';
import { createDataSource } from '../src/core/database/database-connection';
import { EmbeddedPostgres } from '../src/core/database/embedded-postgres';

/** A fresh, migrated database for one benchmark run on the server in DATABASE_URL (dropped afterwards). */
export async function createBenchDatabase(
  name: string,
): Promise<{ url: string; server: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    process.stderr.write(
      'bench: DATABASE_URL is not set: using the embedded PGlite (single-threaded; figures are not representative of a server)\n',
    );
    const embedded = await EmbeddedPostgres.start(undefined);
    await migrateDatabase(embedded.url);
    return { url: embedded.url, server: 'embedded', drop: () => embedded.stop() };
  }
  const database = `relance_bench_${name}_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${database}`;
  await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    server: `${new URL(server).host}`,
    drop: async () => {
      // BENCH_KEEP_DATABASE=1 leaves it for inspection (EXPLAIN the queries on real volumes).
      if (process.env.BENCH_KEEP_DATABASE === '1')
        return void process.stderr.write(`bench: database kept: ${url.toString()}\n`);
      const client = new Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function migrateDatabase(url: string): Promise<void> {
  const dataSource = createDataSource(url, 2, 'relance-bench');
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

export function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

export function textOption(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`bench: --${name} needs a value`);
  return value;
}
