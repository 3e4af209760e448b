import * as fs from 'node:fs';
import { Client } from 'pg';
import { EMBEDDED_TEMPLATES_ENV, TEMPLATE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const templates = process.env[EMBEDDED_TEMPLATES_ENV];
  if (templates) fs.rmSync(templates, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL;
  const template = process.env[TEMPLATE_ENV];
  if (!serverUrl || !template) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
