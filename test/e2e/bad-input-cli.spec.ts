import { runCli, type CliResult } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app';

/** Issue 15: the CLI validates like the API: bad input exits 1 with one line naming the option or field, never a stack trace. */
describe('bad input on the command line', () => {
  let env: TestEnvironment;
  let reference: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    writeFile(
      env.home,
      'contacts.csv',
      'external_id,first_name,email,city,phone,address_line1,postal_code,country\nK1,Léa,lea@exemple.fr,Rabat,0661234567,5 rue Ibn Battouta,10000,MA\n',
    );
    expect((await runCli('import', 'contacts', `${env.home}/contacts.csv`, '--json')).code).toBe(0);
    const complaint = writeFile(
      env.home,
      'complaint.json',
      JSON.stringify({ external_id: 'K1', channel: 'email', subject: 'Retard', description: 'Colis en retard.' }),
    );
    reference = (await runCli('complaint', 'create', complaint, '--json')).json().reference;
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Exit 1, nothing on stdout, and a message without a stack trace or a database error. */
  function expectRefused(result: CliResult, message: RegExp): void {
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/unexpected error|QueryFailedError|\n\s+at /);
  }

  it('complaint qualify --type foo: one line listing the allowed types, the complaint untouched', async () => {
    const before = (await runCli('complaint', 'show', reference, '--json')).json();
    const result = await runCli('complaint', 'qualify', reference, '--type', 'foo', '--json');
    expectRefused(
      result,
      /^relance: error: invalid options: --type \(type\): type must be one of the following values: good_faith, bad_faith, seller_fault\n$/,
    );
    expect((await runCli('complaint', 'show', reference, '--json')).json()).toMatchObject({
      status: before.status,
      type: null,
    });
  });

  it.each([
    [
      ['complaint', 'qualify', '<ref>', '--delay', 'abc'],
      /--delay \(requested_delay_days\): requested_delay_days must be an integer number/,
    ],
    [
      ['complaint', 'qualify', '<ref>', '--delay', '1000'],
      /--delay \(requested_delay_days\): requested_delay_days must not be greater than 365/,
    ],
    [['complaint', 'qualify', '<ref>', '--at', 'hier'], /--at \(at\): at must be a valid ISO 8601 date string/],
    [
      ['complaint', 'assign', '<ref>', '--owner', 'Nadia', '--owner-email', 'pas-une-adresse'],
      /--owner-email \(owner_email\)/,
    ],
    [
      ['complaint', 'answer', '<ref>', '--summary', 's', '--measures', 'm', '--channel', 'fax'],
      /--channel \(channel\): channel must be one of the following values: email, letter/,
    ],
    [
      ['complaint', 'answer', '<ref>', '--summary', 's', '--measures', 'm', '--compensation', 'refund:abc'],
      /--compensation \(compensation.amount\)/,
    ],
    [
      ['complaint', 'answer', '<ref>', '--summary', 's', '--measures', 'm', '--compensation', 'cadeau:10'],
      /--compensation \(compensation.kind\): kind must be one of/,
    ],
    [
      ['complaint', 'close', '<ref>', '--condition', 'foo'],
      /--condition \(condition\): condition must be one of the following values: client_satisfied/,
    ],
    [['complaint', 'list', '--limit', 'abc'], /--limit \(limit\): must be a whole number from 1 to 1000 \(got "abc"\)/],
    [['complaint', 'list', '--offset', '-1'], /--offset \(offset\): must be a whole number from 0 to/],
    [
      ['complaint', 'list', '--status', 'perdu'],
      /--status \(status\): status must be one of the following values: received/,
    ],
    [
      ['template', 'calls', '--limit', 'abc'],
      /--limit \(limit\): must be a whole number from 1 to 100000 \(got "abc"\)/,
    ],
    [['template', 'calls', '--limit', '-1'], /--limit \(limit\): must be a whole number from 1 to 100000 \(got -1\)/],
    [
      ['template', 'print', 'templates/letters/winback.hbs', '--limit', 'abc'],
      /--limit \(limit\): must be a whole number from 1 to 1000000/,
    ],
    [['demo', '--contacts', 'abc'], /--contacts \(contacts\): must be a whole number from 1 to 1000000 \(got "abc"\)/],
  ])('%j is refused before reaching SQL', async (args, message) => {
    expectRefused(await runCli(...args.map((arg) => (arg === '<ref>' ? reference : arg)), '--json'), message);
  });

  it('segment save checks its name and description as POST /api/v1/segments does', async () => {
    const rules = writeFile(env.home, 'rules.json', '{"all":[]}');
    const result = await runCli('segment', 'save', 'Fidèles', rules, '--description', 'd'.repeat(2001), '--json');
    expectRefused(
      result,
      /--description \(description\): description must be shorter than or equal to 2000 characters/,
    );
  });

  it('still runs the transitions with valid options', async () => {
    expect(
      (
        await runCli('complaint', 'qualify', reference, '--type', 'good_faith', '--delay', '3', '--urgent', '--json')
      ).json(),
    ).toMatchObject({ status: 'qualified' });
    expect((await runCli('complaint', 'assign', reference, '--owner', 'Nadia', '--json')).json()).toMatchObject({
      status: 'in_resolution',
    });
    const answered = await runCli(
      'complaint',
      'answer',
      reference,
      '--summary',
      'le retard',
      '--measures',
      'un nouveau transporteur',
      '--compensation',
      'voucher:150.50:MAD',
      '--json',
    );
    expect(answered.json()).toMatchObject({ status: 'answered' });
    expect(
      (await runCli('complaint', 'close', reference, '--condition', 'client_satisfied', '--json')).json(),
    ).toMatchObject({ status: 'closed' });
    const shown = (await runCli('complaint', 'show', reference, '--json')).json();
    expect(shown).toMatchObject({
      type: 'good_faith',
      requested_delay_days: 3,
      compensations: [{ kind: 'voucher', amount: 150.5, currency: 'MAD' }],
    });
    expect((await runCli('complaint', 'list', '--limit', '1', '--offset', '0', '--json')).json()).toHaveLength(1);
  });

  it('segment numbers out of range exit 1 naming the condition', async () => {
    const count = writeFile(env.home, 'count.json', '{"all":[{"field":"purchases.count","op":"gt","value":1e20}]}');
    expectRefused(await runCli('segment', 'count', count, '--json'), /all\[0\]\.value: must be from 0 to 1000000000/);
    const age = writeFile(env.home, 'age.json', '{"any":[{"field":"age","op":"lt","value":1e300}]}');
    expectRefused(
      await runCli('segment', 'count', age, '--json'),
      /any\[0\]\.value: must be from 0 to 150 \(got 1e\+300\)/,
    );
  });

  it('a campaign file nested 10,000 deep exits 1 naming the file and the field', async () => {
    const file = writeFile(
      env.home,
      'deep.json',
      `{"name":"x","segment":${'{"not":'.repeat(10_000)}{"field":"age","op":"gt","value":1}${'}'.repeat(10_000)}}`,
    );
    expectRefused(
      await runCli('campaign', 'create', file, '--json'),
      /deep\.json: segment nests more than 64 levels deep/,
    );
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'import --map city=%s is refused like any unknown target',
    async (target) => {
      const file = writeFile(env.home, `map-${target}.csv`, 'external_id,ville\nM1,Fès\n');
      expectRefused(
        await runCli('import', 'contacts', file, '--map', `ville=${target}`, '--json'),
        new RegExp(`unknown contacts field "${target}"`),
      );
    },
  );

  it('an import line with a 2 MB custom attribute is rejected, naming the line and the field; the others are imported', async () => {
    const file = writeFile(
      env.home,
      'big.csv',
      `external_id,notes\nG1,court\nG2,${'x'.repeat(2_000_000)}\nG3,aussi court\n`,
    );
    const result = await runCli('import', 'contacts', file, '--json');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      inserted: 2,
      rejected: 1,
      errors: [{ line: 3, field: 'attr.notes', reason: 'at most 10000 characters (got 2000000)' }],
    });
  });
});
