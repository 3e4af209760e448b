import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { runAsActor } from '../../src/core/auth/actor-context';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { UsersService } from '../../src/core/auth/users.service';
import { runCli } from '../support/cli';
import { createCampaign } from '../support/campaign-fixtures';
import { consoleAgent, signIn } from '../support/console-session';
import { writeFile } from '../support/files';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/**
 * The CLI in a child process with `input` on its standard input (what --password-stdin reads).
 * Asynchronous on purpose: in embedded mode this test process serves the database the child
 * connects to, so blocking its event loop (spawnSync) would leave the child waiting for it.
 */
function cliWithInput(
  args: string[],
  input: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const support = path.join(__dirname, '..', 'support');
  const child = spawn(
    process.execPath,
    ['-r', path.join(support, 'swc-register.js'), path.join(support, 'cli-entry.ts'), ...args],
    { env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 60_000 },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

const SMS = '---\nobjective: information\n---\nVotre commande {{attr.points_fidelite}} est prête.';

describe('relance user: console users from the command line', () => {
  let env: TestEnvironment;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('creates a user with a generated password printed once, and that password signs in', async () => {
    const created = await runCli(
      'user',
      'create',
      'Marie@Example.com',
      '--role',
      'marketer',
      '--name',
      'Marie Curie',
      '--json',
    );
    expect(created.code).toBe(0);
    const result = created.json();
    expect(Object.keys(result).sort()).toEqual(['email', 'id', 'password', 'role']);
    expect(result).toMatchObject({ email: 'marie@example.com', role: 'marketer' });
    expect(result.password).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(created.stderr).toBe('');
    const stored = await app.get(DataSource).query(`SELECT password_hash FROM users WHERE email = 'marie@example.com'`);
    expect(stored[0].password_hash).toMatch(/^scrypt\$/);
    expect(stored[0].password_hash).not.toContain(result.password);
    expect((await signIn(await consoleAgent(app), 'marie@example.com', result.password)).status).toBe(303);

    const human = await runCli('user', 'create', 'pierre@example.com', '--role', 'manager');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^created pierre@example\.com \(manager\)\npassword: [a-zA-Z2-9]{20}\n\(keep it now: it is not shown again\)\n$/,
    );
  });

  it('reads the password from standard input, never printing it', async () => {
    const created = await cliWithInput(
      ['user', 'create', 'stdin@example.com', '--role', 'admin', '--password-stdin', '--json'],
      'a long enough password\n',
      env.env,
    );
    expect(created.status).toBe(0);
    const result = JSON.parse(created.stdout);
    expect(result).toEqual({ id: expect.any(String), email: 'stdin@example.com', role: 'admin' });
    const changed = await cliWithInput(
      ['user', 'password', 'stdin@example.com', '--password-stdin', '--json'],
      'another long password\n',
      env.env,
    );
    expect(changed.status).toBe(0);
    expect(JSON.parse(changed.stdout)).toEqual({ id: result.id, email: 'stdin@example.com' });
  });

  it('refuses bad input with one line naming the field, exit 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['user', 'create', 'not-an-email', '--role', 'admin'],
        /^relance: error: email: must be an e-mail address \(got "not-an-email"\)\n$/,
      ],
      [
        ['user', 'create', 'x@example.com', '--role', 'boss'],
        /^relance: error: role: must be one of manager, marketer, admin \(got "boss"\)\n$/,
      ],
      [['user', 'create', 'x@example.com'], /^relance: error: role: required/],
      [
        ['user', 'create', 'marie@example.com', '--role', 'admin'],
        /^relance: error: email: a user with the e-mail marie@example\.com already exists\n$/,
      ],
      [
        ['user', 'password', 'ghost@example.com'],
        /^relance: error: email: no user with the e-mail ghost@example\.com\n$/,
      ],
      [
        ['user', 'disable', 'ghost@example.com'],
        /^relance: error: email: no user with the e-mail ghost@example\.com\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
    const short = await cliWithInput(
      ['user', 'create', 'short@example.com', '--role', 'admin', '--password-stdin'],
      'short\n',
      env.env,
    );
    expect(short.status).toBe(1);
    expect(short.stderr).toBe('relance: error: password: must be at least 10 characters long\n');
  });

  it('lists users, resets a password (ending their sessions) and disables a user', async () => {
    const { password } = await app
      .get(UsersService)
      .create({ email: 'reset@example.com', role: 'manager', name: 'Réda' });
    const agent = await consoleAgent(app);
    expect((await signIn(agent, 'reset@example.com', password!)).status).toBe(303);
    await agent.get('/').expect(200);

    const list = await runCli('user', 'list', '--json');
    expect(list.code).toBe(0);
    expect(list.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'reset@example.com', name: 'Réda', role: 'manager', disabled_at: null }),
      ]),
    );
    expect(JSON.stringify(list.json())).not.toMatch(/scrypt|password/);

    const reset = await runCli('user', 'password', 'RESET@example.com', '--json');
    expect(reset.code).toBe(0);
    const newPassword = reset.json().password;
    expect(newPassword).toMatch(/^[a-zA-Z2-9]{20}$/);
    await agent.get('/').expect(303);
    expect((await signIn(await consoleAgent(app), 'reset@example.com', password!)).status).toBe(401);
    expect((await signIn(await consoleAgent(app), 'reset@example.com', newPassword)).status).toBe(303);

    const disabled = await runCli('user', 'disable', 'reset@example.com', '--json');
    expect(disabled.code).toBe(0);
    expect(disabled.json().disabled_at).toEqual(expect.any(String));
    expect((await signIn(await consoleAgent(app), 'reset@example.com', newPassword)).status).toBe(401);
  });

  it('records who cancelled a campaign and who saved a template, readable in the campaign history', async () => {
    const http = () => request(app.getHttpServer());
    const { key, id: keyId } = await app.get(ApiKeyService).create('marketer');
    const overApi = await createCampaign(app, { name: 'Annulée par API' });
    await http().post(`/api/v1/campaigns/${overApi}/cancel`).set('Authorization', `Bearer ${key}`).expect(200);
    const shown = await http().get(`/api/v1/campaigns/${overApi}`).set('Authorization', `Bearer ${key}`).expect(200);
    expect(shown.body.events.find((event: { type: string }) => event.type === 'status')).toMatchObject({
      message: 'cancelled: cancelled by a user',
      actor: `api_key:${keyId}`,
    });
    expect(shown.body.events.find((event: { type: string }) => event.type === 'created').actor).toBeNull();

    // A console user is named in the history.
    const { user } = await app
      .get(UsersService)
      .create({ email: 'sara@example.com', role: 'marketer', name: 'Sara Marketing' });
    const inConsole = await createCampaign(app, { name: 'Annulée dans la console' });
    await runAsActor(`user:${user.id}`, () => app.get(CampaignsService).cancel(inConsole));
    const history = await app.get(CampaignsService).get(inConsole);
    expect((history.events as Array<{ type: string }>).find((event) => event.type === 'status')).toMatchObject({
      actor: `user:${user.id}`,
      actor_name: 'Sara Marketing',
    });

    const overCli = await createCampaign(app, { name: 'Annulée en ligne de commande' });
    expect((await runCli('campaign', 'cancel', overCli)).code).toBe(0);
    const events = await app
      .get(DataSource)
      .query(`SELECT type, actor FROM campaign_events WHERE campaign_id = $1 AND type = 'status'`, [overCli]);
    expect(events).toEqual([{ type: 'status', actor: 'cli' }]);

    const saved = await http()
      .post('/api/v1/templates')
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'Commande prête', channel: 'sms', source: SMS })
      .expect(201);
    const file = writeFile(env.home, 'commande.hbs', `${SMS}\nMerci !`);
    expect((await runCli('template', 'save', file, '--id', saved.body.id, '--json')).code).toBe(0);
    const versions = await app
      .get(DataSource)
      .query(`SELECT version, actor FROM template_versions WHERE template_id = $1 ORDER BY version`, [saved.body.id]);
    expect(versions).toEqual([
      { version: 1, actor: `api_key:${keyId}` },
      { version: 2, actor: 'cli' },
    ]);
  });
});
