import { createTestEnvironment, type TestEnvironment } from '../support/test-app';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';

describe('relance CLI', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('migrate --json reports no pending migration on a migrated database', async () => {
    const result = await runCli('migrate', '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ applied: [] });
  });

  it('import --json prints exactly one JSON document on stdout', async () => {
    const file = writeFile(
      env.home,
      'c.csv',
      'external_id,first_name,email\nK1,Anaïs,anais@exemple.fr\nK2,Rémi,bad@\n',
    );
    const result = await runCli('import', 'contacts', file, '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      inserted: 1,
      updated: 0,
      rejected: 1,
      errors: [{ line: 3, field: 'email', reason: expect.any(String) }],
    });
    const again = await runCli('import', 'contacts', file, '--json', '--map', 'first_name=first_name');
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0 });
  });

  it('contact export prints the contact with its purchases', async () => {
    writeFile(env.home, 'p.csv', 'external_id,order_id,ordered_at,amount,currency\nK1,O-1,2026-01-02,19.90,EUR\n');
    expect((await runCli('import', 'purchases', `${env.home}/p.csv`, '--json')).code).toBe(0);
    const result = await runCli('contact', 'export', 'K1', '--json');
    expect(result.json()).toMatchObject({
      contact: { external_id: 'K1', first_name: 'Anaïs' },
      purchases: [{ order_id: 'O-1', amount: 19.9, currency: 'EUR' }],
    });
  });

  it('apikey create --json shows the key once', async () => {
    const result = await runCli('apikey', 'create', '--role', 'manager', '--json');
    expect(result.json()).toMatchObject({ key: expect.stringMatching(/^rl_[a-z0-9]{12}_/), role: 'manager' });
  });

  it('exits 1 with one line saying what and where', async () => {
    const missing = await runCli('import', 'contacts', '/nonexistent/file.csv', '--json');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('relance: error: /nonexistent/file.csv: no such file\n');
    const unknown = await runCli('contact', 'export', 'NOBODY');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^relance: error: no contact with external_id "NOBODY"\n$/);
  });

  it('exits 1 naming the variable when the configuration is bad', async () => {
    const saved = process.env.PORT;
    process.env.PORT = 'eighty';
    try {
      const result = await runCli('migrate');
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'relance: error: invalid configuration: PORT must be an integer between 1 and 65535 (got "eighty")\n',
      );
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli('import')).code).toBe(2);
    expect((await runCli('nonsense')).code).toBe(2);
    expect((await runCli('apikey', 'create', '--role', 'king')).code).toBe(2);
  });
});
