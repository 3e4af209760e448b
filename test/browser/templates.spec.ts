import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { LIBRARY_ROOT } from '../../src/templates/template-library';
import { accessibilityViolations, type WatchedPage } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** Refusals the tests ask for: Chromium logs each as a failed load. */
const REFUSED = /the server responded with a status of (400|403|404)/;
const PDF_VIEWER = /^(chrome-extension:\/\/mhjfbmdgcfjbbpaeojofohoefgiehjai\/|chrome:\/\/resources\/)/;
const LONG = Array.from(
  { length: 9 },
  (_, i) => `Vous trouverez en magasin la collection numéro ${i + 1}, choisie pour vous avec soin.`,
).join(' ');

/** The text of the PDF the preview frame shows, as pdftotext reads it. */
async function previewText(page: Page, fixture: ConsoleFixture): Promise<string> {
  const src = await page.locator('iframe.letter-preview').getAttribute('src');
  expect(src).toMatch(/^\/modeles\/[0-9a-f-]+\/lettre\/apercu\.pdf\?brouillon=/);
  const response = await page.request.get(`${fixture.origin}${src}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const file = path.join(fixture.env.home, `apercu-${Date.now()}.pdf`);
  fs.writeFileSync(file, await response.body());
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** Waits for the next preview (htmx) after a change: the frame's address changes with each one. */
async function afterPreview(page: Page, change: () => Promise<void>): Promise<void> {
  const before = await page.locator('iframe.letter-preview, [data-preview-problem]').first().getAttribute('src');
  await change();
  await page.waitForFunction((previous) => {
    const frame = (
      globalThis as unknown as {
        document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
      }
    ).document.querySelector('#verification iframe');
    return !frame || frame.getAttribute('src') !== previous;
  }, before);
  await page.waitForLoadState('networkidle');
}

describe('Modèles in Chromium', () => {
  let fixture: ConsoleFixture;
  let watched: WatchedPage;
  let allowed: RegExp | undefined;
  let letterId: string;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  beforeEach(async () => {
    allowed = undefined;
    watched = await fixture.watched();
    // Chromium's own PDF viewer (its built-in extension and resources) draws the preview frame:
    // those loads stay inside the browser, they are not requests leaving the machine. Every other
    // request still goes through the fixture's check (the last route registered is asked first).
    await watched.context.route(PDF_VIEWER, (route) => route.continue());
  });

  afterEach(async () => {
    await checkWatched(watched, allowed);
  });

  it('lists the library by channel and use, and duplicates a library letter into an editable stored one', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles`);
    await page.getByRole('heading', { level: 1, name: 'Modèles' }).waitFor();
    for (const channel of ['Courrier', 'E-mail', 'SMS', 'Téléphone'])
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${channel}`) }).waitFor();
    const row = page.locator('tr[data-template="templates/letters/winback.hbs"]');
    expect(await row.locator('th').textContent()).toBe('Reconquête des clients inactifs (lettre)');
    await Promise.all([
      page.waitForURL(/\/modeles\/[0-9a-f-]+\/lettre$/),
      row.getByRole('button', { name: /Dupliquer/ }).click(),
    ]);
    letterId = new URL(page.url()).pathname.split('/')[2];
    expect(await page.locator('h1').textContent()).toBe('Lettre : Reconquête des clients inactifs (lettre) (copie)');
    expect(await page.getByLabel('Accroche', { exact: false }).inputValue()).toContain('nous manquez');
    expect(await page.locator('[data-launch="ok"]').count()).toBe(1);
    expect(await previewText(page, fixture)).toContain('Salma, vous nous manquez');
    await page.goto(`${fixture.origin}/modeles`);
    expect(await page.locator(`tr[data-template="${letterId}"] th a`).getAttribute('href')).toBe(
      `/modeles/${letterId}`,
    );
  });

  it("edits the accroche and a paragraph: the preview and the linter's findings follow, each next to its part", async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles/${letterId}/lettre`);
    const accroche = page.locator('#lettre-accroche');
    await afterPreview(page, () => accroche.fill(''));
    await page.locator('#constats-accroche [data-rule="accroche-missing"]').waitFor();
    expect(await page.locator('#verification [data-launch="blocked"]').textContent()).toContain(
      'ne peut pas servir à lancer',
    );
    await afterPreview(page, () => accroche.fill('Salma, un cadeau de bienvenue vous attend chez nous'));
    await page.locator('#verification [data-launch="ok"]').waitFor();
    expect(await page.locator('#constats-accroche li').count()).toBe(0);
    expect(await previewText(page, fixture)).toContain('un cadeau de bienvenue vous attend');
    // The second paragraph made too long: the finding appears beside it, and beside no other.
    await afterPreview(page, () => page.locator('#lettre-paragraphe-1').fill(LONG));
    await page.locator('#constats-paragraphe-1 [data-rule="paragraph-too-long"]').waitFor();
    expect(await page.locator('.findings [data-rule="paragraph-too-long"]').count()).toBe(1);
    // A merge field from the menu goes where the caret is.
    await page.locator('#lettre-ps').focus();
    await page.locator('#lettre-ps').press('Control+End');
    await page.getByRole('button', { name: 'first_name', exact: true }).click();
    expect(await page.locator('#lettre-ps').inputValue()).toMatch(/\{\{first_name\}\}$/);
    // The form as a file, saved or not: the library's format, read back to the same letter.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter ce texte (fichier)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('reconquete-des-clients-inactifs-lettre-copie.hbs');
    const exported = fs.readFileSync(await download.path(), 'utf8');
    expect(exported).toMatch(/^---\ntitle: "Reconquête des clients inactifs \(lettre\)"\nobjective: "reactivation"\n/);
    expect(exported).toContain('accroche: "Salma, un cadeau de bienvenue vous attend chez nous"');
    expect(exported).toContain(`\n\n${LONG}\n\n`);
    await Promise.all([
      page.waitForURL(/enregistre=2$/),
      page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click(),
    ]);
    expect(await page.locator('[data-saved="2"]').count()).toBe(1);
    expect(await page.locator('#lettre-accroche').inputValue()).toBe(
      'Salma, un cadeau de bienvenue vous attend chez nous',
    );
    await page.goto(`${fixture.origin}/modeles/${letterId}`);
    expect(await page.locator('tr[data-version="2"] [data-version-actor]').textContent()).toBe('Mona Marketer');
    expect(await page.locator('tr[data-version="1"] [data-version-actor]').textContent()).toBe('Mona Marketer');
    expect(await page.locator('[data-diff-summary]').textContent()).toContain('De v1 à v2');
    const added = await page.locator('tr[data-diff="added"] code').allTextContents();
    const removed = await page.locator('tr[data-diff="removed"] code').allTextContents();
    expect(added.some((line) => line.includes('un cadeau de bienvenue'))).toBe(true);
    expect(removed.some((line) => line.includes('nous manquez'))).toBe(true);
    expect(added.some((line) => line.includes('collection numéro 9'))).toBe(true);
    const first = await page.request.get(`${fixture.origin}/modeles/${letterId}/fichier?version=1`);
    expect(await first.text()).toBe(fs.readFileSync(path.join(LIBRARY_ROOT, 'letters', 'winback.hbs'), 'utf8'));
  });

  it('saves a letter the linter refuses as a draft, and says it cannot launch and why', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles/${letterId}/lettre`);
    await afterPreview(page, () => page.locator('#lettre-accroche').fill(''));
    await Promise.all([
      page.waitForURL(/enregistre=3$/),
      page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click(),
    ]);
    expect(await page.locator('[data-saved="3"]').textContent()).toContain('brouillon');
    await page.goto(`${fixture.origin}/modeles/${letterId}`);
    expect(await page.locator('[data-launch="blocked"]').textContent()).toContain('accroche-missing');
    const diffFrom = await page.getByLabel('De la version').inputValue();
    expect(diffFrom).toBe('2');
  });

  it('shows a hostile name and text as text, and refuses a manager who posts a version (403)', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles`);
    const source = `---\ntitle: "${HOSTILE}"\nobjective: loyalty\naccroche: "${HOSTILE} vous"\nps: Merci\n---\n${HOSTILE}, vous êtes fidèle.\n`;
    await page.getByLabel('Nom du modèle').fill(HOSTILE);
    await page.getByLabel('Contenu du fichier').fill(source);
    await Promise.all([page.waitForURL(/\/lettre$/), page.getByRole('button', { name: 'Importer' }).click()]);
    expect(await page.locator('h1').textContent()).toBe(`Lettre : ${HOSTILE}`);
    expect(await page.locator('#lettre-paragraphe-0').inputValue()).toBe(`${HOSTILE}, vous êtes fidèle.`);
    const hostileId = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`${fixture.origin}/modeles`);
    expect(await page.getByRole('link', { name: HOSTILE, exact: true }).count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    await page.goto(`${fixture.origin}/modeles/${hostileId}`);
    expect(await page.locator('h1').textContent()).toBe(HOSTILE);

    await page.context().clearCookies();
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/modeles/${letterId}/lettre`);
    expect(await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Dupliquer' }).count()).toBe(0);
    allowed = REFUSED;
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() =>
        (globalThis as unknown as { document: { forms: { namedItem(n: string): { submit(): void } } } }).document.forms
          .namedItem('lettre')
          .submit(),
      ),
    ]);
    expect(refused?.status()).toBe(403);
  });

  it('has no serious or critical accessibility violation at 1280 and 768 px', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of ['/modeles', `/modeles/${letterId}`, `/modeles/${letterId}/lettre`]) {
        await page.goto(`${fixture.origin}${address}`);
        await page.waitForLoadState('networkidle');
        violations[`${address} at ${width} px`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
  });
});
