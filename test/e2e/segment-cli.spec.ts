import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app';

describe('relance segment (CLI)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TIMEZONE: 'Europe/Paris' });
    writeFile(
      env.home,
      'c.csv',
      'external_id;first_name;region;email;Date de naissance\nS1;Léa;Bretagne;lea@exemple.fr;29/02/2000\nS2;Marc;Bretagne;;\nS3;Nadia;Souss-Massa;nadia@exemple.ma;\n',
    );
    writeFile(
      env.home,
      'p.csv',
      'external_id,order_id,ordered_at,amount,currency\nS1,O-1,2026-08-01,50,EUR\nS1,O-2,2026-09-01,70,EUR\nS3,O-3,2026-10-01,900,MAD\n',
    );
    expect((await runCli('import', 'contacts', `${env.home}/c.csv`, '--json')).code).toBe(0);
    expect((await runCli('import', 'purchases', `${env.home}/p.csv`, '--json')).code).toBe(0);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('count --json prints {"count":n}', async () => {
    const file = writeFile(
      env.home,
      'bretons.json',
      JSON.stringify({
        all: [
          { field: 'region', op: 'eq', value: 'Bretagne' },
          { field: 'email', op: 'not_null' },
        ],
      }),
    );
    const result = await runCli('segment', 'count', file, '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ count: 1 });
    const birthdays = writeFile(
      env.home,
      'birthdays.json',
      JSON.stringify({ all: [{ field: 'birth_date', op: 'anniversary_within_days', value: 0 }] }),
    );
    expect((await runCli('segment', 'count', birthdays, '--at', '2027-02-28T08:00:00Z', '--json')).json()).toEqual({
      count: 1,
    });
    expect((await runCli('segment', 'count', birthdays, '--at', '2028-02-28T08:00:00Z', '--json')).json()).toEqual({
      count: 0,
    });
  });

  it('exits 1 with one line for invalid rules, unreadable files and bad JSON', async () => {
    const bad = writeFile(
      env.home,
      'bad.json',
      JSON.stringify({
        all: [{ field: 'region', op: 'eq', value: 'x' }, { any: [{ field: 'age', op: 'gt=', value: 3 }] }],
      }),
    );
    const invalid = await runCli('segment', 'count', bad, '--json');
    expect(invalid).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'relance: error: invalid segment rules: all[1].any[0].op: unknown operator "gt="\n',
    });
    const missing = await runCli('segment', 'count', '/nonexistent/rules.json', '--json');
    expect(missing).toMatchObject({ code: 1, stderr: 'relance: error: /nonexistent/rules.json: no such file\n' });
    const notJson = await runCli('segment', 'count', writeFile(env.home, 'x.json', '{"all": ['), '--json');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^relance: error: .*x\.json: not valid JSON/);
    expect((await runCli('segment', 'count')).code).toBe(1);
  });

  it('rescores, saves, previews and snapshots', async () => {
    const rescore = await runCli('segment', 'rescore', '--at', '2026-11-24T10:00:00Z', '--json');
    expect(rescore.code).toBe(0);
    expect(rescore.json()).toMatchObject({ contacts: 3, rfm_scored: 2, value_tier: { top: 2 } });
    const rules = writeFile(
      env.home,
      'top.json',
      JSON.stringify({ all: [{ field: 'value_tier', op: 'eq', value: 'top' }] }),
    );
    expect((await runCli('segment', 'save', 'Meilleurs clients', rules, '--json')).code).toBe(0);
    expect((await runCli('segment', 'list', '--json')).json()).toMatchObject([{ name: 'Meilleurs clients' }]);
    const preview = await runCli('segment', 'preview', '--segment', 'meilleurs clients', '--json');
    expect(preview.json()).toMatchObject({ count: 2, breakdown: { value_tier: { top: 2 } } });
    const human = await runCli('segment', 'preview', '--segment', 'meilleurs clients');
    expect(human.stdout).toMatch(/^2 contacts/);
    const snapshot = await runCli('segment', 'snapshot', '--segment', 'Meilleurs clients', '--label', 'test', '--json');
    expect(snapshot.json()).toMatchObject({ id: expect.any(String), count: 2 });
    expect((await runCli('segment', 'delete', 'Meilleurs clients', '--json')).json()).toMatchObject({ deleted: true });
  });
});
