import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAppContext, createHttpApp } from '../../src/app/bootstrap';
import { ROLES, type RuntimeRole } from '../../src/core/runtime-role';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestEnvironment {
  database: TestDatabase;
  home: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A fresh database and RELANCE_HOME, exported to process.env for the application under test. */
export async function createTestEnvironment(extraEnv: Record<string, string> = {}): Promise<TestEnvironment> {
  const database = await createTestDatabase();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-test-'));
  const env = {
    DATABASE_URL: database.url,
    RELANCE_HOME: home,
    LOG_LEVEL: 'warn',
    SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789',
    // SMS go out at any hour and on Sundays unless a test says otherwise: no test may depend on when it runs.
    RELANCE_QUIET_HOURS: '00:00-24:00',
    RELANCE_SMS_ON_SUNDAY: 'true',
    ...extraEnv,
  };
  Object.assign(process.env, env);
  return {
    database,
    home,
    env,
    close: async () => {
      await database.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function startContext(role: RuntimeRole = ROLES.command): Promise<INestApplicationContext> {
  return createAppContext({ role, schema: 'check', defaultLogLevel: 'warn' });
}

export async function startHttp(
  role: RuntimeRole = { http: true, workers: false, scheduler: false },
): Promise<INestApplication> {
  const app = await createHttpApp({ role, schema: 'check', defaultLogLevel: 'warn' });
  await app.init();
  return app;
}
