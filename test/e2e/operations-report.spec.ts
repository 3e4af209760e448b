import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { runCli, type CliResult } from '../support/cli';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/** `relance report operations` and `GET /api/v1/reports/operations`: the same document, and bad input named. */
describe('operations report on the command line and over HTTP', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let manager: string;
  let campaignId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
    manager = (await app.get(ApiKeyService).create('manager')).key;
    await seedContacts(app, env.home, [
      { id: 'T1', email: 't1@exemple.fr', consent: ['email'] },
      { id: 'T2', email: 't2@exemple.fr', consent: ['email'] },
    ]);
    campaignId = await createCampaign(app, { name: '=HYPERLINK("http://exemple.test")' });
    await launchAndWait(app, campaignId);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  function expectRefused(result: CliResult, message: RegExp): void {
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/unexpected error|QueryFailedError|\n\s+at /);
  }

  it('prints the same document on the CLI as the API, and the campaign launched today', async () => {
    const cli = await runCli('report', 'operations', '--json');
    expect(cli.code).toBe(0);
    const api = await http().get('/api/v1/reports/operations').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(api.body).toEqual(cli.json());
    expect(cli.json().tables).toEqual([
      expect.objectContaining({
        currency: 'MAD',
        operations: [expect.objectContaining({ kind: 'campaign', id: campaignId, sent: 2, cost: 100.02 })],
        totals: expect.objectContaining({ operations: 1, cost: 100.02, profit: -100.02, roi: -1 }),
      }),
    ]);
    const human = await runCli('report', 'operations');
    expect(human.stdout).toMatch(/MAD: cost, revenue/);
  });

  it('exports CSV with a total row, a name that looks like a formula neutralised', async () => {
    const cli = await runCli('report', 'operations', '--csv');
    const api = await http()
      .get('/api/v1/reports/operations?format=csv')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    expect(api.text).toBe(cli.stdout);
    const lines = cli.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^currency,kind,id,name,status,/);
    expect(lines[1]).toContain(`MAD,campaign,${campaignId},"'=HYPERLINK(""http://exemple.test"")"`);
    expect(lines[2]).toMatch(/^MAD,total,,Total MAD,/);
  });

  it.each([
    [['--from', '2026-13-01'], /from: must be a date as YYYY-MM-DD/],
    [['--to', 'hier'], /to: must be a date as YYYY-MM-DD/],
    [['--from', '2026-05-01', '--to', '2026-04-01'], /from \(2026-05-01\) is after to \(2026-04-01\)/],
  ])('CLI %j exits 1 naming the option', async (args, message) => {
    expectRefused(await runCli('report', 'operations', ...args, '--json'), message);
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=demain', 'to'],
    ['from=2026-01-01&from=2026-02-01', 'from'],
    ['from=2026-05-01&to=2026-04-01', 'from'],
    ['format=xlsx', 'format'],
  ])('GET ?%s answers 400 naming %s', async (query, field) => {
    const response = await http()
      .get(`/api/v1/reports/operations?${query}`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('is for signed requests only', async () => {
    await http().get('/api/v1/reports/operations').expect(401);
  });
});
