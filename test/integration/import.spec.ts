import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImportService } from '../../src/imports/import.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { windows1252, writeFile } from '../support/files';

describe('CSV import (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let imports: ImportService;
  let db: DataSource;

  beforeAll(async () => {
    // Small batches, so that the larger files below go through many of them on both connections.
    env = await createTestEnvironment({ RELANCE_IMPORT_BATCH_SIZE: '500' });
    app = await startContext();
    imports = app.get(ImportService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    delete process.env.RELANCE_IMPORT_BATCH_SIZE;
  });

  const contactsCsv = [
    'external_id,type,civility,first_name,last_name,email,phone,postal_code,city,country,birth_date,Points fidélité',
    'C1,person,Mme,Hélène,Lefèvre,helene@exemple.fr,06 12 34 56 78,75011,Paris,FR,1984-02-29,120',
    'C2,company,M.,Karim,Bennani,k.bennani@atlas.ma,0661234567,20250,Casablanca,MA,,',
    'C3,person,M.,"Jean-Luc","Dupont, fils",jl@exemple.fr,,69003,Lyon,FR,12/05/1970,"3,5"',
  ].join('\n');

  it('imports good rows with normalisation, then re-imports them as unchanged', async () => {
    const file = writeFile(env.home, 'contacts.csv', contactsCsv);
    const first = await imports.importFile('contacts', file);
    expect(first).toMatchObject({ inserted: 3, updated: 0, rejected: 0, errors: [] });
    const stored = await db.query(
      `SELECT external_id, email, phone, postal_code, country, birth_date::text, attributes FROM contacts ORDER BY external_id`,
    );
    expect(stored).toEqual([
      {
        external_id: 'C1',
        email: 'helene@exemple.fr',
        phone: '+33612345678',
        postal_code: '75011',
        country: 'FR',
        birth_date: '1984-02-29',
        attributes: { points_fidelite: 120 },
      },
      {
        external_id: 'C2',
        email: 'k.bennani@atlas.ma',
        phone: '+212661234567',
        postal_code: '20250',
        country: 'MA',
        birth_date: null,
        attributes: {},
      },
      {
        external_id: 'C3',
        email: 'jl@exemple.fr',
        phone: null,
        postal_code: '69003',
        country: 'FR',
        birth_date: '1970-05-12',
        attributes: { points_fidelite: 3.5 },
      },
    ]);
    const second = await imports.importFile('contacts', file);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
  });

  it('updates only what changed, and leaves columns absent from the file alone', async () => {
    const file = writeFile(env.home, 'update.csv', 'external_id;ville\nC1;Marseille\nC2;Casablanca\n');
    const summary = await imports.importFile('contacts', file);
    expect(summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const [c1] = await db.query(`SELECT city, email FROM contacts WHERE external_id = 'C1'`);
    expect(c1).toEqual({ city: 'Marseille', email: 'helene@exemple.fr' });
  });

  it('imports every good row of a broken Windows-1252 file and reports each bad one', async () => {
    const text = [
      'Code client;Civilité;Prénom;Nom;E-mail;Date de naissance;Ville',
      'B1;Mme;Françoise;Lemaître;francoise@exemple.fr;01/02/1960;Besançon',
      'B2;M.;Gaël;Noël;pas-un-email;1970-01-01;Nîmes',
      'B3;Mme;Zoé;Bœuf;zoe@exemple.fr;31/02/1990;Orléans',
      'B4;M.;"André;Faure;andre@exemple.fr;1980-03-03;Sète',
      'B5;Mme;Chloé;Mercier;chloe@exemple.fr;1975-04-04;Arlès',
      'B1;Mme;Françoise;Lemaître;francoise@exemple.fr;01/02/1960;Besançon',
    ].join('\r\n');
    const file = writeFile(env.home, 'excel.csv', windows1252(text));
    const summary = await imports.importFile('contacts', file);
    expect(summary.encoding).toBe('windows-1252');
    expect(summary.delimiter).toBe(';');
    expect(summary).toMatchObject({ inserted: 2, rejected: 4, duplicates: 1 });
    expect(summary.errors).toEqual([
      { line: 3, field: 'email', reason: expect.stringContaining('e-mail') },
      { line: 4, field: 'birth_date', reason: expect.stringContaining('not a date') },
      { line: 5, field: 'row', reason: expect.stringContaining('unbalanced quote') },
      { line: 7, field: 'external_id', reason: expect.stringContaining('first on line 2') },
    ]);
    const stored = await db.query(
      `SELECT external_id, first_name, last_name, city FROM contacts WHERE external_id IN ('B1', 'B5') ORDER BY 1`,
    );
    expect(stored).toEqual([
      { external_id: 'B1', first_name: 'Françoise', last_name: 'Lemaître', city: 'Besançon' },
      { external_id: 'B5', first_name: 'Chloé', last_name: 'Mercier', city: 'Arlès' },
    ]);
  });

  it('stops before writing anything when a required column is missing', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM contacts`);
    const file = writeFile(env.home, 'no-id.csv', 'prénom,nom\nA,B\n');
    await expect(imports.importFile('contacts', file)).rejects.toMatchObject({
      code: 'imports.bad_header',
      message: expect.stringContaining('missing required column external_id'),
    });
    expect(await db.query(`SELECT count(*)::int AS n FROM contacts`)).toEqual(before);
  });

  it('imports purchases with French amounts and dates, attaches them to contacts, refuses unknown contacts', async () => {
    const file = writeFile(
      env.home,
      'purchases.csv',
      [
        'Code client;N° commande;Date commande;Montant TTC;Devise;Code réponse',
        'C1;CMD-1;14/03/2026 10:30;1 234,50;EUR;',
        'C2;CMD-2;2026-03-15T09:00:00+01:00;450;MAD;7k3m-9qx2-f4p',
        'ZZZ;CMD-3;2026-03-16;10;EUR;',
        'C1;CMD-4;2026-03-17;douze;EUR;',
      ].join('\n'),
    );
    const summary = await imports.importFile('purchases', file);
    expect(summary).toMatchObject({ inserted: 2, rejected: 2 });
    expect(summary.errors).toEqual([
      { line: 4, field: 'external_id', reason: expect.stringContaining('no contact') },
      { line: 5, field: 'amount', reason: expect.stringContaining('not an amount') },
    ]);
    const stored = await db.query(
      `SELECT order_id, amount::text, currency, response_code, ordered_at FROM purchases ORDER BY order_id`,
    );
    expect(stored).toEqual([
      {
        order_id: 'CMD-1',
        amount: '1234.50',
        currency: 'EUR',
        response_code: null,
        ordered_at: new Date('2026-03-14T09:30:00Z'),
      },
      {
        order_id: 'CMD-2',
        amount: '450.00',
        currency: 'MAD',
        response_code: '7K3M9QX2F4P',
        ordered_at: new Date('2026-03-15T08:00:00Z'),
      },
    ]);
    expect(await imports.importFile('purchases', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('keeps the stored data intact when a whole file is bad', async () => {
    const before = await db.query(`SELECT * FROM contacts ORDER BY id`);
    const file = writeFile(env.home, 'all-bad.csv', 'external_id,email,birth_date\nC1,nope,\nC2,,2999-01-01\n');
    const summary = await imports.importFile('contacts', file);
    expect(summary).toMatchObject({ inserted: 0, updated: 0, rejected: 2 });
    expect(await db.query(`SELECT * FROM contacts ORDER BY id`)).toEqual(before);
  });

  it('imports in batches across chunk and batch boundaries with duplicates spread over batches', async () => {
    const lines = ['external_id,first_name,email'];
    for (let i = 0; i < 12_000; i++) lines.push(`N${i},Prénom ${i},n${i}@exemple.fr`);
    lines.push('N5,Doublon,dup@exemple.fr');
    const file = writeFile(env.home, 'big.csv', lines.join('\n'));
    const summary = await imports.importFile('contacts', file);
    expect(summary).toMatchObject({ inserted: 12_000, duplicates: 1, rejected: 1, rows: 12_001 });
    expect(summary.errors[0]).toMatchObject({ line: 12_002, field: 'external_id' });

    // Purchases for every one of them, batches merged side by side; then the same contacts with
    // every tenth one changed: each batch reports its own counts and they add up exactly.
    const orders = ['order_id,external_id,ordered_at,amount'];
    for (let i = 0; i < 12_000; i++) orders.push(`O${i},N${i},2026-0${1 + (i % 9)}-15,${10 + (i % 90)}`);
    orders.push('O7,N8,2026-01-01,1');
    const purchases = await imports.importFile('purchases', writeFile(env.home, 'orders.csv', orders.join('\n')));
    expect(purchases).toMatchObject({ inserted: 12_000, duplicates: 1, rows: 12_001 });
    const changed = lines
      .slice(0, 12_001)
      .map((line, i) => (i > 0 && i % 10 === 0 ? line.replace('Prénom', 'Nouveau') : line));
    const again = await imports.importFile('contacts', writeFile(env.home, 'big-again.csv', changed.join('\n')));
    expect(again).toMatchObject({ inserted: 0, updated: 1_200, unchanged: 10_800, rejected: 0 });
    const [stored] = await db.query(`
      SELECT count(*)::int AS contacts, count(*) FILTER (WHERE first_name LIKE 'Nouveau%')::int AS renamed,
             (SELECT count(*)::int FROM purchases p JOIN contacts c ON c.id = p.contact_id WHERE c.external_id LIKE 'N%') AS purchases,
             (SELECT sum(amount)::int FROM purchases WHERE order_id LIKE 'O%') AS amount
      FROM contacts WHERE external_id LIKE 'N%'`);
    let amount = 0;
    for (let i = 0; i < 12_000; i++) amount += 10 + (i % 90);
    expect(stored).toEqual({ contacts: 12_000, renamed: 1_200, purchases: 12_000, amount });
  });
});
