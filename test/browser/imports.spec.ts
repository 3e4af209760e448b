import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

/** The refusals the tests ask for (a bad file, a bad mapping: 400; a manager: 403), logged by Chromium as failed loads. */
const REFUSED = /the server responded with a status of (400|403)/;

const HOSTILE = '<img src=x onerror=alert(1)>';
const GOOD_ROWS = 30_000;
/** Above the test file (~1.5 MB), below the file the size test sends. */
const MAX_BYTES = 3 * 1024 * 1024;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

/**
 * A client file as a French Excel writes it: Windows-1252, `;`, French headers, one of them with
 * quotes, and an id column whose header relance cannot guess ("N° adhérent"). Among many good
 * rows, four bad ones: an invalid e-mail, a repeated id, a row of the wrong width, a bad date.
 */
function clientFile(): Buffer {
  const lines = ['N° adhérent;Nom;Prénom;Ville;Courriel;"Remarque ""VIP"""'];
  lines.push(`A-1;Dupré;Hélène;${HOSTILE};helene@example.com;"=1+1"`);
  for (let i = 2; i <= GOOD_ROWS; i++) lines.push(`A-${i};Martin;Élodie;Rabat;client${i}@example.com;fidèle`);
  lines.push('B-1;Faux;Courriel;Fès;pas-un-email;');
  lines.push('A-2;Doublon;Ligne;Salé;doublon@example.com;');
  lines.push('B-2;Trop;Court');
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

async function upload(page: Page, origin: string, name: string, content: Buffer, kind = 'contacts') {
  await page.goto(`${origin}/contacts/import`);
  await page.getByLabel('Le fichier contient').selectOption(kind);
  await page.getByLabel('Fichier CSV').setInputFiles({ name, mimeType: 'text/csv', buffer: content });
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Lire le fichier' }).click(),
  ]);
  await page.waitForLoadState('load');
  return answer;
}

async function axeAtBothWidths(page: Page): Promise<void> {
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 900 });
    expect({ width, violations: await accessibilityViolations(page) }).toEqual({ width, violations: [] });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Importer un fichier in Chromium', () => {
  let fixture: ConsoleFixture;

  beforeAll(async () => {
    fixture = await startConsole({
      env: { RELANCE_IMPORT_BATCH_SIZE: '1000', RELANCE_IMPORT_MAX_BYTES: String(MAX_BYTES) },
    });
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('reads a cp1252 ; file, takes one mapping fix, follows the import to its end and gives the rejected lines', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/contacts`);
    await Promise.all([
      page.waitForURL(/\/contacts\/import$/),
      page.getByRole('link', { name: 'Importer un fichier' }).click(),
    ]);
    const file = clientFile();
    const answer = await upload(page, fixture.origin, 'clients.csv', file);
    expect(answer.status()).toBe(303);

    // What relance read, hostile values as text, and the id column it could not guess.
    await page.getByRole('heading', { level: 1, name: 'Importer clients.csv' }).waitFor();
    expect(await page.locator('[data-import="encoding"]').textContent()).toContain('Windows-1252');
    expect(await page.locator('[data-import="delimiter"]').textContent()).toContain('point-virgule');
    await page.getByRole('columnheader', { name: 'Remarque "VIP"', exact: true }).waitFor();
    await page.getByRole('cell', { name: HOSTILE, exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'Hélène', exact: true }).first().waitFor();
    expect(await page.getByLabel('Colonne 3 « Prénom » devient').inputValue()).toBe('first_name');
    expect(await page.getByLabel('Colonne 5 « Courriel » devient').inputValue()).toBe('email');
    expect(await page.getByLabel('Colonne 1 « N° adhérent » devient').inputValue()).toBe('attr.n_adherent');
    await page.getByRole('alert').getByText('Champ obligatoire absent : Identifiant client (external_id)').waitFor();
    await axeAtBothWidths(page);

    // Importing as proposed is refused (400), nothing imported; fixing the one column imports.
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Importer' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState('load');
    expect(await contacts()).toBe(0);
    await page.getByLabel('Colonne 1 « N° adhérent » devient').selectOption('external_id');
    await Promise.all([
      page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Importer' }).click(),
    ]);

    // The bar follows the import (read from PostgreSQL each second) up to 100 %, then the summary.
    const seen: number[] = [];
    for (;;) {
      const section = page.locator('#import-progression');
      seen.push(Number(await section.locator('progress').getAttribute('value')));
      if ((await section.getAttribute('data-polling')) === 'non') break;
      await page.waitForTimeout(300);
    }
    expect(seen.at(-1)).toBe(100);
    // The page was shown while the import ran (it starts after the redirect is sent), and the bar only moved forward.
    expect(seen[0]).toBeLessThan(100);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const summary = {
      inserted: await figure(page, 'inserted'),
      updated: await figure(page, 'updated'),
      unchanged: await figure(page, 'unchanged'),
      rejected: await figure(page, 'rejected'),
    };
    const rejects = await page
      .locator('table.import-rejects tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())),
      );
    expect(summary).toEqual({ inserted: GOOD_ROWS, updated: 0, unchanged: 0, rejected: 3 });
    expect(await contacts()).toBe(GOOD_ROWS);
    expect(rejects.map(([line]) => line)).toEqual([
      String(GOOD_ROWS + 2),
      String(GOOD_ROWS + 3),
      String(GOOD_ROWS + 4),
    ]);
    await axeAtBothWidths(page);

    // The rejected lines as CSV: the same lines, fields and reasons.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger les lignes rejetées (CSV)' }).click(),
    ]);
    const csv = fs
      .readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r\n/);
    expect(csv[0]).toBe('line,field,reason');
    // In the order the lines were read (a file of any size is never sorted in memory); the page sorts them.
    const lines = csv.slice(1).map((line) => line.split(',')[0]);
    expect(lines.sort()).toEqual(rejects.map(([line]) => line).sort());
    expect(csv.every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);

    // `relance import` on the same file agrees: every good row is there unchanged, the same lines rejected.
    const copy = path.join(fixture.env.home, 'clients.csv');
    fs.writeFileSync(copy, file);
    const cli = await runCli('import', 'contacts', copy, '--map', 'N° adhérent=external_id', '--json');
    expect(cli.code).toBe(0);
    const again = cli.json<Json>();
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: summary.inserted, rejected: summary.rejected });
    expect(again.errors.map((error: Json) => [String(error.line), error.field, error.reason])).toEqual(rejects);
    await checkWatched(watched, REFUSED);
  }, 180_000);

  it('refuses a file that is not CSV, an empty one, and a manager, storing nothing', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const before = await runs();
    const uploads = path.join(fixture.env.home, 'uploads');
    const files = fs.readdirSync(uploads);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    let answer = await upload(page, fixture.origin, 'photo.csv', png);
    expect(answer.status()).toBe(400);
    await page.getByRole('alert').getByText('Ce n’est pas un fichier CSV : contenu binaire à l’octet 9').waitFor();
    answer = await upload(page, fixture.origin, 'vide.csv', Buffer.alloc(0), 'purchases');
    expect(answer.status()).toBe(400);
    await page.getByRole('alert').getByText('Le fichier est vide').waitFor();
    expect(await page.getByLabel('Le fichier contient').inputValue()).toBe('purchases');
    answer = await upload(page, fixture.origin, 'entete.csv', Buffer.from('Code client;Nom\r\n'));
    expect(answer.status()).toBe(400);
    await page.getByRole('alert').getByText('aucune ligne de données').waitFor();
    expect(await runs()).toBe(before);
    expect(fs.readdirSync(uploads)).toEqual(files);

    // Too large: refused (413) as it streams in, the partial file removed, nothing recorded.
    const token = (await page.locator('body').getAttribute('hx-headers'))!.match(/"X-CSRF-Token": "([^"]+)"/)![1];
    const big = Buffer.alloc(MAX_BYTES + 1024, 'a;b\r\n');
    const tooLarge = await page.request.post(`${fixture.origin}/contacts/import?_csrf=${token}`, {
      multipart: { type: 'contacts', fichier: { name: 'gros.csv', mimeType: 'text/csv', buffer: big } },
    });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.text()).toMatch(/Le fichier dépasse la taille maximale acceptée \(3\s145\s728 octets\)\./);
    const forged = await page.request.post(`${fixture.origin}/contacts/import`, {
      multipart: { type: 'contacts', fichier: { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('id\n1\n') } },
    });
    expect(forged.status()).toBe(403);
    expect(await runs()).toBe(before);
    expect(fs.readdirSync(uploads)).toEqual(files);
    await checkWatched(watched, REFUSED);

    const manager = await fixture.watched();
    await fixture.signIn(manager.page, fixture.users.manager);
    const refused = await manager.page.goto(`${fixture.origin}/contacts/import`);
    expect(refused?.status()).toBe(403);
    await manager.page.goto(`${fixture.origin}/contacts`);
    await manager.page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    expect(await manager.page.getByRole('link', { name: 'Importer un fichier' }).count()).toBe(0);
    await checkWatched(manager, REFUSED);
  }, 120_000);

  it('runs two imports started at once by two people, each to its end with its own figures', async () => {
    const people = [fixture.users.marketer, fixture.users.admin];
    const pages = await Promise.all(people.map(() => fixture.watched()));
    const before = await contacts();
    const prefixes = ['X', 'Y'];
    await Promise.all(
      pages.map(async ({ page }, index) => {
        await fixture.signIn(page, people[index]);
        const lines = ['external_id,first_name,email'];
        for (let i = 1; i <= 5000; i++) lines.push(`${prefixes[index]}-${i},Zoé,${prefixes[index]}${i}@example.com`);
        await upload(page, fixture.origin, `${prefixes[index]}.csv`, Buffer.from(lines.join('\n')));
        await page.getByRole('heading', { level: 1, name: `Importer ${prefixes[index]}.csv` }).waitFor();
      }),
    );
    await Promise.all(
      pages.map(({ page }) =>
        Promise.all([
          page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Importer' }).click(),
        ]),
      ),
    );
    for (const { page } of pages) {
      await page.locator('#import-progression[data-polling="non"]').waitFor({ timeout: 60_000 });
      expect(await figure(page, 'inserted')).toBe(5000);
      expect(await figure(page, 'rejected')).toBe(0);
    }
    expect(await contacts()).toBe(before + 10_000);
    for (const watched of pages) await checkWatched(watched);
  }, 120_000);

  it('imports purchases of those contacts once their unknown column is ignored through its select', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const lines = ['Code client;N° commande;Date;Montant TTC;Magasin'];
    lines.push('A-1;F-1;03/11/2026;1 234,50;Rabat', 'A-2;F-2;2026-11-04;99,90;Fès', 'Z-9;F-3;2026-11-05;10;Salé');
    await upload(page, fixture.origin, 'achats.csv', Buffer.from(lines.join('\r\n'), 'latin1'), 'purchases');
    await page.getByRole('alert').getByText('Colonne 5 « Magasin » : relance ne la connaît pas').waitFor();
    expect(await page.getByLabel('Colonne 4 « Montant TTC » devient').inputValue()).toBe('amount');
    await page.getByLabel('Colonne 5 « Magasin » devient').selectOption('-');
    await Promise.all([
      page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Importer' }).click(),
    ]);
    await page.locator('#import-progression[data-polling="non"]').waitFor();
    expect([await figure(page, 'inserted'), await figure(page, 'rejected')]).toEqual([2, 1]);
    await page.getByRole('rowheader', { name: '4', exact: true }).waitFor();
    const [row] = await fixture.app
      .get(DataSource)
      .query<Array<{ n: number; total: string }>>(
        'SELECT count(*)::int AS n, sum(amount)::text AS total FROM purchases',
      );
    expect(row).toEqual({ n: 2, total: '1334.40' });
    await checkWatched(watched, REFUSED);
  }, 60_000);

  async function contacts(): Promise<number> {
    const [row] = await fixture.app
      .get(DataSource)
      .query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM contacts');
    return row.n;
  }

  async function runs(): Promise<number> {
    const [row] = await fixture.app
      .get(DataSource)
      .query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM import_runs');
    return row.n;
  }
});

async function figure(page: Page, name: string): Promise<number> {
  return Number((await page.locator(`[data-import="${name}"]`).first().textContent())!.replace(/\s/g, ''));
}
