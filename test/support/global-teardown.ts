import { Client } from 'pg';
import { TEMPLATE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
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
