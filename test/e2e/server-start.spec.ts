import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { BoundExpressAdapter, bindPort, releasePort } from '../../src/app/http-listener';
import { runCliProcess, startCliProcess } from '../support/cli-process';
import { ON_SERVER } from '../support/test-database';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app';

function listenOnFreePort(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, () => resolve((server.address() as net.AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnFreePort(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sessions the application opened on the test database (its pool and pg-boss's). */
async function applicationSessions(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url, application_name: 'start-up-test' });
  await client.connect();
  try {
    const rows = await client.query(
      `SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'relance%'`,
    );
    return rows.rows.map((row) => row.application_name as string);
  } finally {
    await client.end();
  }
}

describe('start-up faults: one line, exit 1, nothing left running', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('serve on a port already in use prints one line, exits 1 by itself and leaves no session open', async () => {
    const holder = net.createServer();
    const port = await listenOnFreePort(holder);
    try {
      const result = await runCliProcess(['serve'], { ...env.env, PORT: String(port), LOG_LEVEL: 'info' }, 90_000);
      expect(result.hung).toBe(false);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`relance: error: port ${port} is already in use: set PORT\n`);
      if (ON_SERVER) expect(await applicationSessions(env.database.url)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('serve binds its port, answers once started, and ends by itself on SIGTERM', async () => {
    const port = await freePort();
    const serve = startCliProcess(['serve'], { ...env.env, PORT: String(port), LOG_LEVEL: 'warn' }, 120_000);
    for (let waited = 0; !serve.stderr().includes('listening on') && waited < 110_000; waited += 200) {
      if (serve.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await request(`http://127.0.0.1:${port}`).get('/health').expect(200, { status: 'ok', database: 'up' });
    // The console is there: its address printed, GET / sends a signed-out visitor to sign in.
    expect(serve.stderr()).toContain(`relance: web console at http://localhost:${port}/`);
    await request(`http://127.0.0.1:${port}`).get('/').expect(303).expect('Location', '/connexion');
    serve.child.kill('SIGTERM');
    const result = await serve.ended;
    // Nest's shutdown hook closes the application, then ends the process with the signal it got.
    expect(result).toMatchObject({ hung: false, signal: 'SIGTERM' });
    expect(result.stderr).toContain('SIGTERM received, shutting down');
    if (ON_SERVER) expect(await applicationSessions(env.database.url)).toEqual([]);
  });

  it('a bound port answers 503 with Retry-After until the application is ready', async () => {
    const server = await bindPort(0);
    try {
      const adapter = new BoundExpressAdapter(server);
      adapter.initHttpServer();
      adapter
        .getInstance()
        .get('/ping', (_request: unknown, response: { send(body: string): void }) => response.send('pong'));
      const starting = await request(server).get('/ping').expect(503);
      expect(starting.headers['retry-after']).toBe('5');
      expect(starting.body.error.code).toBe('http.starting');
      adapter.open();
      await request(server).get('/ping').expect(200, 'pong');
    } finally {
      await releasePort(server);
    }
  });

  it('an unusable RELANCE_HOME is one line naming it and the reason, for every command, at once', async () => {
    const file = path.join(env.home, 'not-a-folder');
    fs.writeFileSync(file, '');
    const underProc = `/proc/relance-home-test-${process.pid}`;
    const cases: Array<{ args: string[]; env: Record<string, string | undefined>; home: string; reason: string }> = [
      // Embedded database (no DATABASE_URL): the folder of pgdata.
      {
        args: ['serve'],
        env: { DATABASE_URL: '', RELANCE_HOME: underProc },
        home: underProc,
        reason: `cannot create ${underProc} (no such file or directory)`,
      },
      {
        args: ['worker'],
        env: { RELANCE_HOME: underProc },
        home: underProc,
        reason: `cannot create ${underProc} (no such file or directory)`,
      },
      {
        args: ['demo', '--contacts', '10'],
        env: { RELANCE_HOME: file },
        home: file,
        reason: `${file} is a file, not a folder`,
      },
      {
        args: ['import', 'contacts', file],
        env: { RELANCE_HOME: `${file}/home` },
        home: `${file}/home`,
        reason: `cannot read ${file}/home (part of the path is a file, not a folder)`,
      },
    ];
    const results = await Promise.all(
      cases.map((testCase) => runCliProcess(testCase.args, { ...env.env, LOG_LEVEL: 'info', ...testCase.env }, 90_000)),
    );
    results.forEach((result, index) => {
      const { home, reason } = cases[index];
      expect(result).toMatchObject({ hung: false, code: 1 });
      expect(result.stderr).toBe(
        `relance: error: RELANCE_HOME ${home} cannot be used: ${reason}; set RELANCE_HOME to a writable folder\n`,
      );
    });
  });
});
