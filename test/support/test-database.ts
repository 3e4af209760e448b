import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource } from '../../src/core/database/database-connection';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';

/**
 * A fresh, migrated database per test file, on the real code path (`pg` over the wire):
 * - with DATABASE_URL (CI): a new database cloned from the migrated template made by global setup;
 * - without: an in-memory PGlite served over the wire protocol inside the test process.
 */
export interface TestDatabase {
  url: string;
  close(): Promise<void>;
}

export const TEMPLATE_ENV = 'RELANCE_TEST_TEMPLATE_DATABASE';

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

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = SERVER_URL;
  if (!serverUrl) {
    const embedded = await EmbeddedPostgres.start(undefined);
    await migrate(embedded.url);
    return { url: embedded.url, close: () => embedded.stop() };
  }
  const template = process.env[TEMPLATE_ENV];
  const name = `relance_t_${randomBytes(5).toString('hex')}`;
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
    close: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export { withDatabase };
