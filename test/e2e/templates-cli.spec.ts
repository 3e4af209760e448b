import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app';
import { FRENCH_SENDER } from '../support/template-fixtures';

describe('relance template …', () => {
  let env: TestEnvironment;
  let campaignFile: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const contacts = [
      'external_id,civility,first_name,last_name,email,phone,address_line1,postal_code,city,country,loyalty_card_expires_on,Points fidélité',
      'T1,Mme,Inès,Benali,ines@exemple.fr,0612345678,"4, place du Marché",13001,Marseille,FR,2027-01-15,340',
      'T2,M.,Rémi,Noël,remi@exemple.fr,0698765432,9 rue des Lilas,06000,Nice,FR,2027-02-01,',
    ].join('\n');
    expect(
      (await runCli('import', 'contacts', writeFile(env.home, 'contacts.csv', contacts), '--json')).json(),
    ).toMatchObject({ inserted: 2 });
    campaignFile = writeFile(
      env.home,
      'campaign.json',
      JSON.stringify({
        name: 'Cartes',
        objective: 'loyalty',
        sender: FRENCH_SENDER,
        data: { bonus_points: 100, gift_amount: 20 },
      }),
    );
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lint --json prints the contract document; errors exit 1', async () => {
    const clean = await runCli('template', 'lint', 'templates/email/birthday.mjml', '--json');
    expect(clean.code).toBe(0);
    expect(clean.json()).toEqual({ errors: [], warnings: [] });
    const file = writeFile(
      env.home,
      'templates/letters/bad.hbs',
      '---\nobjective: reactivation\nsubject: DERNIÈRE CHANCE !!!\n---\nBonjour {{frist_name}}.\n',
    );
    const bad = await runCli('template', 'lint', file, '--json');
    expect(bad.code).toBe(1);
    expect(bad.json().errors.map((issue: { rule: string }) => issue.rule)).toEqual([
      'unknown-variable',
      'accroche-missing',
      'coupon-missing',
    ]);
    expect(bad.json().errors[0]).toMatchObject({ rule: 'unknown-variable', line: 5 });
  });

  it('preview --contact --json prints subject, html and text of an e-mail', async () => {
    const result = await runCli(
      'template',
      'preview',
      'templates/email/loyalty-card-renewal.mjml',
      '--contact',
      'T1',
      '--data',
      campaignFile,
      '--json',
    );
    expect(result.code).toBe(0);
    const preview = result.json();
    expect(preview).toMatchObject({
      subject: 'Votre carte expire le 15 janvier 2027 : gardez vos points',
      contact: 'T1',
      sample_data: false,
    });
    expect(preview.html).toContain('<strong>340 points</strong>');
    expect(preview.text).toContain('100 points de bienvenue');
  });

  it('preview of a letter writes the PDF', async () => {
    const out = path.join(env.home, 'lettre.pdf');
    const result = await runCli(
      'template',
      'preview',
      'templates/letters/loyalty-card-renewal.hbs',
      '--contact',
      'T1',
      '--data',
      campaignFile,
      '--out',
      out,
      '--json',
    );
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ channel: 'letter', file: out, pages: 1, address_problems: [] });
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says what is missing for which contact', async () => {
    const result = await runCli(
      'template',
      'preview',
      'templates/letters/loyalty-card-renewal.hbs',
      '--contact',
      'T2',
      '--data',
      campaignFile,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'relance: error: templates/letters/loyalty-card-renewal.hbs: {{attr.points_fidelite}} has no value for 1 of 1 contact (T2) — complete the contacts or give a default, e.g. {{default first_name "cher client"}}\n',
    );
  });

  it('print writes a batch and its manifest; calls gives the call list', async () => {
    const out = path.join(env.home, 'batch');
    const printed = await runCli(
      'template',
      'print',
      'templates/letters/birthday.hbs',
      '--data',
      campaignFile,
      '--out',
      out,
      '--json',
    );
    expect(printed.code).toBe(0);
    expect(printed.json()).toMatchObject({ letters: 2, pages: 2, skipped: [] });
    expect(fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').split('\r\n')[1]).toMatch(
      /^1,P00000\d,T2,1,1,1,06000,FR$/,
    );
    const calls = await runCli(
      'template',
      'calls',
      'templates/phone/contract-renewal.hbs',
      '--contact',
      'T1',
      '--data',
      writeFile(
        env.home,
        'c.json',
        JSON.stringify({ sender: FRENCH_SENDER, data: { contract_name: 'contrat', renewal_offer: 'un mois offert' } }),
      ),
      '--json',
    );
    expect(calls.code).toBe(1);
    expect(calls.stderr).toContain('{{contract_renews_on}} has no value for 1 of 1 contact (T1)');
  });

  it('save stores a file as a template and then as its next version', async () => {
    const file = writeFile(
      env.home,
      'templates/sms/merci.hbs',
      '---\nobjective: information\n---\nMerci {{first_name}} pour votre visite.\n',
    );
    const created = await runCli('template', 'save', file, '--json');
    expect(created.json()).toMatchObject({ channel: 'sms', name: 'merci.hbs', version: 1 });
    fs.appendFileSync(file, 'À bientôt.\n');
    const updated = await runCli('template', 'save', file, '--id', created.json().id, '--json');
    expect(updated.json()).toMatchObject({ version: 2, created_version: true });
    const listed = await runCli('template', 'list', '--json');
    expect(listed.json().stored).toEqual([expect.objectContaining({ id: created.json().id, version: 2 })]);
    const lint = (await runCli('template', 'lint', created.json().id, '--json')).json();
    expect(lint).toEqual({
      errors: [],
      warnings: [{ rule: 'sms-unicode', message: expect.stringContaining('"À", "ô" force UCS-2') }],
    });
  });
});
