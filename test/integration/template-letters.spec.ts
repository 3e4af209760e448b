import type { INestApplicationContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { Recipient } from '../../src/templates/engine/recipient-check';
import { ADDRESS_WINDOW } from '../../src/templates/letters/letter-geometry';
import { renderLetter, type PreparedLetter } from '../../src/templates/letters/letter-template';
import { plainText } from '../../src/templates/letters/light-markup';
import type { PreparedTemplate } from '../../src/templates/prepared-template';
import { TemplateDataService } from '../../src/templates/template-data.service';
import { TemplateRenderService } from '../../src/templates/template-render.service';
import { TemplatesService } from '../../src/templates/templates.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { FRENCH_SENDER, insertContacts } from '../support/template-fixtures';
import { itWithTools, run } from '../support/tools';

/** pdftotext writes no-break spaces as spaces, and breaks paragraphs into lines. */
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('letters as PDF (real PostgreSQL, pdftotext, qpdf)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let renderer: TemplateRenderService;
  let prepared: PreparedTemplate;

  const recipients = async (ids: string[]): Promise<Recipient[]> =>
    (await app.get(TemplateDataService).load(ids)).map(({ contact, purchases }, index) => ({
      external_id: String(contact.external_id),
      data: renderer.recipientData(contact, {
        sender: FRENCH_SENDER,
        campaign: { id: 'c1', data: { voucher_amount: 200, voucher_ends_on: '2027-01-31' } },
        purchases,
        responseCode: `RL-${String(index + 1).padStart(5, '0')}`,
        today: '2026-11-22',
      }),
    }));

  beforeAll(async () => {
    env = await createTestEnvironment({ PUBLIC_URL: 'https://relance.example' });
    app = await startContext();
    renderer = app.get(TemplateRenderService);
    await insertContacts(app.get(DataSource), 1000);
    await app
      .get(DataSource)
      .query(
        `UPDATE contacts SET civility = 'Mme', first_name = 'Hélène', last_name = 'Lefèvre', address_line2 = 'Résidence « Les Œillets », bât. C' WHERE external_id = 'L00003'`,
      );
    prepared = await renderer.prepare(await app.get(TemplatesService).resolve('templates/letters/winback.hbs'), {
      sender: FRENCH_SENDER,
    });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  itWithTools(['pdftotext'])(
    'gives back name, address, accroche, paragraphs, P.S. and response code exactly when extracted',
    async () => {
      const [recipient] = await recipients(['L00003']);
      const directory = path.join(env.home, 'one');
      await renderer.renderLetterBatch(prepared, [recipient], { directory, date: new Date('2026-11-22T08:00:00Z') });
      const text = flat(run('pdftotext', [path.join(directory, 'letters.pdf'), '-']));
      const { content } = renderLetter(prepared as PreparedLetter, recipient.data, renderer.renderOptions);
      expect(content.address).toEqual([
        'Mme Hélène Lefèvre',
        'Résidence « Les Œillets », bât. C',
        "3 rue de l'Église",
        '24757 SAINT-ETIENNE',
      ]);
      const runs = (items: { text: string }[] | undefined) => (items ?? []).map((run) => run.text).join('');
      const expected = [
        ...content.address,
        'Lyon, le 22 novembre 2026',
        `Objet : ${runs(content.subject?.runs)}`,
        "Hélène, vous nous manquez : un bon d'achat de 200 € vous attend",
        ...content.body.map(plainText),
        `P.S. ${runs(content.postscript?.runs)}`,
        'Code réponse : RL-00001',
        'Je ne souhaite plus recevoir de courrier',
        'Éloïse Dumézil',
      ];
      for (const piece of expected) expect(text).toContain(flat(piece));
      expect(text).toContain("un bon d'achat de 200 €, valable jusqu'au 31 janvier 2027");
    },
  );

  itWithTools(['pdftotext'])('prints the address inside the window of a DL envelope', async () => {
    const [recipient] = await recipients(['L00003']);
    const directory = path.join(env.home, 'window');
    await renderer.renderLetterBatch(prepared, [recipient], { directory, date: new Date('2026-11-22T08:00:00Z') });
    const xhtml = run('pdftotext', ['-bbox', path.join(directory, 'letters.pdf'), '-']);
    const words = [
      ...xhtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((match) => ({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      text: match[5],
    }));
    // The first occurrence of each address word is the window block (the coupon repeats it lower down).
    for (const word of [
      'Mme',
      'Hélène',
      'Lefèvre',
      'Résidence',
      'Œillets',
      'l&apos;Église',
      '24757',
      'SAINT-ETIENNE',
    ]) {
      const box = words.find((candidate) => candidate.text === word);
      expect(box).toBeDefined();
      expect(box!.xMin).toBeGreaterThanOrEqual(ADDRESS_WINDOW.x);
      expect(box!.xMax).toBeLessThanOrEqual(ADDRESS_WINDOW.x + ADDRESS_WINDOW.width);
      expect(box!.yMin).toBeGreaterThanOrEqual(ADDRESS_WINDOW.y);
      expect(box!.yMax).toBeLessThanOrEqual(ADDRESS_WINDOW.y + ADDRESS_WINDOW.height);
    }
  });

  itWithTools(['qpdf'])(
    'writes a 1,000-letter print batch sorted by postal code that qpdf --check accepts',
    async () => {
      const ids = Array.from({ length: 1000 }, (_, index) => `L${String(index + 1).padStart(5, '0')}`);
      const directory = path.join(env.home, 'letters', 'c1');
      const result = await renderer.renderLetterBatch(prepared, await recipients(ids), {
        directory,
        date: new Date('2026-11-22T08:00:00Z'),
      });
      expect(result).toMatchObject({ letters: 1000, pages: 1000, skipped: [] });
      expect(run('qpdf', ['--check', result.pdf])).toContain('No syntax or stream encoding errors found');
      const rows = fs.readFileSync(result.manifest, 'utf8').trim().split('\r\n');
      expect(rows[0]).toBe('sequence,response_code,external_id,first_page,last_page,pages,postal_code,country');
      const parsed = rows.slice(1).map((row) => row.split(','));
      expect(parsed).toHaveLength(1000);
      const postalCodes = parsed.map((row) => row[6]);
      expect(postalCodes).toEqual([...postalCodes].sort());
      parsed.forEach((row, index) =>
        expect([row[0], row[3], row[4]]).toEqual([String(index + 1), String(index + 1), String(index + 1)]),
      );
      expect(new Set(parsed.map((row) => row[1])).size).toBe(1000);
    },
  );

  it('gives byte-identical files for the same input', async () => {
    const batch = await recipients(Array.from({ length: 40 }, (_, index) => `L${String(index + 1).padStart(5, '0')}`));
    const first = await renderer.renderLetterBatch(prepared, batch, {
      directory: path.join(env.home, 'd1'),
      date: new Date('2026-11-22T08:00:00Z'),
    });
    const second = await renderer.renderLetterBatch(prepared, [...batch].reverse(), {
      directory: path.join(env.home, 'd2'),
      date: new Date('2026-11-22T08:00:00Z'),
    });
    expect(sha256(first.pdf)).toBe(sha256(second.pdf));
    expect(sha256(first.manifest)).toBe(sha256(second.manifest));
  });

  it('skips letters it cannot post, and fails naming the contacts that lack a variable', async () => {
    await app.get(DataSource).query(`UPDATE contacts SET address_line1 = NULL WHERE external_id = 'L00010'`);
    await app
      .get(DataSource)
      .query(`UPDATE contacts SET civility = NULL, first_name = NULL WHERE external_id IN ('L00011', 'L00012')`);
    const batch = await recipients(['L00009', 'L00010', 'L00011']);
    const result = await renderer.renderLetterBatch(prepared, batch, {
      directory: path.join(env.home, 'skip'),
      date: new Date(),
    });
    expect(result.letters).toBe(2);
    expect(result.skipped).toEqual([{ external_id: 'L00010', reasons: ['no street address (address_line1)'] }]);
    const strict = await renderer.prepare(
      await app.get(TemplatesService).resolve('templates/letters/referral-thanks.hbs'),
      { sender: FRENCH_SENDER },
    );
    await expect(
      renderer.renderLetterBatch(strict, batch, { directory: path.join(env.home, 'strict'), date: new Date() }),
    ).rejects.toMatchObject({
      code: 'templates.missing_variable',
      message: expect.stringContaining(
        '{{campaign.data.referral_reward_amount}} has no value for 3 of 3 contacts (L00009, L00010, L00011)',
      ),
    });
  });
});
