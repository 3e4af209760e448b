import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/core/database/database-connection';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';

/**
 * A fresh, migrated database per test file, on the real code path (`pg` over the wire):
 * - with DATABASE_URL (CI): a new database cloned from the migrated template made by global setup;
 * - without: an in-memory PGlite served over the wire protocol inside the test process, started from
 *   the data directory of the PGlite that global setup migrated (no initdb, no migrations per file).
 */
export interface TestDatabase {
  url: string;
  close(): Promise<void>;
}

export const TEMPLATE_ENV = 'RELANCE_TEST_TEMPLATE_DATABASE';
/** Set by global setup (its pid): a server's test databases are named after the run, and dropped together at its end. */
export const RUN_ENV = 'RELANCE_TEST_RUN';
/** The folder where global setup wrote the embedded data directories (embedded mode only). */
export const EMBEDDED_TEMPLATES_ENV = 'RELANCE_TEST_EMBEDDED_TEMPLATES';
export const EMPTY_TARBALL = 'empty.tar';
export const MIGRATED_TARBALL = 'migrated.tar';

/** The server given to the test run (captured before test files point DATABASE_URL at their own database). */
const SERVER_URL = process.env.RELANCE_TEST_SERVER_URL ?? process.env.DATABASE_URL;
if (SERVER_URL) process.env.RELANCE_TEST_SERVER_URL = SERVER_URL;

/** Tests run against a PostgreSQL server (else the embedded PGlite: one session, transactions one at a time). */
export const ON_SERVER = Boolean(SERVER_URL);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource(url, 2, 'relance-test-migrations');
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

function embeddedTemplate(name: string): Blob | undefined {
  const folder = process.env[EMBEDDED_TEMPLATES_ENV];
  return folder ? new Blob([fs.readFileSync(path.join(folder, name))]) : undefined;
}

/**
 * A bare in-memory PGlite, as `EmbeddedPostgres.start(undefined)` makes it (an empty cluster, not
 * migrated), copied from the one global setup initialised when there is one.
 */
export function startEmptyEmbedded(): Promise<EmbeddedPostgres> {
  return EmbeddedPostgres.start(undefined, { loadDataDir: embeddedTemplate(EMPTY_TARBALL) });
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = SERVER_URL;
  if (!serverUrl) {
    const loadDataDir = embeddedTemplate(MIGRATED_TARBALL);
    const embedded = await EmbeddedPostgres.start(undefined, { loadDataDir });
    if (!loadDataDir) await migrate(embedded.url);
    return { url: embedded.url, close: () => embedded.stop() };
  }
  const template = process.env[TEMPLATE_ENV];
  const run = process.env[RUN_ENV];
  const name = `relance_t_${run ? `${run}_` : ''}${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  if (!template) await migrate(url);
  return {
    url,
    // DROP DATABASE waits for a checkpoint of the whole server, seconds on a busy one: rather than
    // each test file waiting for its own, global teardown drops the run's databases several at once
    // (concurrent drops share checkpoints).
    close: run ? () => Promise.resolve() : () => dropDatabases(serverUrl, [name]),
  };
}

/** The test databases and templates on the server, each with its run (the pid of the global setup that made it). */
export async function runDatabases(admin: Client): Promise<Array<{ name: string; run: number }>> {
  const { rows } = await admin.query(
    `SELECT datname AS name, substring(datname from '^relance_(?:t|tpl)_([0-9]+)')::int AS run FROM pg_database WHERE datname ~ '^relance_(t_[0-9]+_[0-9a-f]+|tpl_[0-9]+)$'`,
  );
  return rows;
}

export async function dropDatabases(serverUrl: string, names: string[], concurrency = 8): Promise<void> {
  const queue = [...names];
  const dropper = async () => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      for (let name = queue.shift(); name; name = queue.shift())
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, dropper));
}

export { withDatabase };
