import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import {
  dropDatabases,
  EMBEDDED_TEMPLATES_ENV,
  EMPTY_TARBALL,
  migrate,
  MIGRATED_TARBALL,
  RUN_ENV,
  runDatabases,
  TEMPLATE_ENV,
  withDatabase,
} from './test-database';

/**
 * Migrates one template database once; each test file then gets its own copy (fast, isolated):
 * - with DATABASE_URL, a database on that server that test files clone with CREATE DATABASE … TEMPLATE;
 * - without, an in-memory PGlite whose data directory is written to a tarball that test files start from
 *   (initdb alone costs PGlite seconds of CPU; migrating, seconds more). The empty cluster is kept too,
 *   for the tests that start a bare embedded database of their own.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.env[EMBEDDED_TEMPLATES_ENV] = await embeddedTemplates();
    return;
  }
  const name = `relance_tpl_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // What runs that were interrupted left behind (their process is gone); never another live run's.
    const leftovers = (await runDatabases(admin)).filter(
      (database) => database.run === process.pid || !isRunning(database.run),
    );
    await dropDatabases(
      serverUrl,
      leftovers.map((database) => database.name),
    );
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(serverUrl, name));
  process.env[TEMPLATE_ENV] = name;
  process.env[RUN_ENV] = String(process.pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function embeddedTemplates(): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-test-templates-'));
  const write = async (name: string, tarball: Blob) =>
    fs.writeFileSync(path.join(folder, name), Buffer.from(await tarball.arrayBuffer()));
  const embedded = await EmbeddedPostgres.start(undefined);
  try {
    await write(EMPTY_TARBALL, await embedded.dumpDataDir());
    await migrate(embedded.url);
    await write(MIGRATED_TARBALL, await embedded.dumpDataDir());
    return folder;
  } finally {
    await embedded.stop();
  }
}
