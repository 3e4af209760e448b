import * as fs from 'node:fs';
import { Client } from 'pg';
import { dropDatabases, EMBEDDED_TEMPLATES_ENV, runDatabases } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const templates = process.env[EMBEDDED_TEMPLATES_ENV];
  if (templates) fs.rmSync(templates, { recursive: true, force: true });
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  // The run's test databases (test files leave theirs, see createTestDatabase) and its template.
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const ours = (await runDatabases(admin)).filter((database) => database.run === process.pid);
    await dropDatabases(
      serverUrl,
      ours.map((database) => database.name),
    );
  } finally {
    await admin.end();
  }
}
