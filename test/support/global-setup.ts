import { Client } from 'pg';
import { migrate, TEMPLATE_ENV, withDatabase } from './test-database';

/** With a real server, migrate one template database once; each test file clones it (fast, isolated). */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  const name = `relance_tpl_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(serverUrl, name));
  process.env[TEMPLATE_ENV] = name;
}
