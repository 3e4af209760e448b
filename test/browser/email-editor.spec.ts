import type { Page } from 'playwright-core';
import { ContactsService } from '../../src/contacts/contacts.service';
import { accessibilityViolations, type WatchedPage } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

/** A check that finds MJML problems answers 422 (Chromium logs it as a failed load). */
const UNPROCESSABLE = /the server responded with a status of 422/;

/** Waits for the next check (htmx) after a change: the preview frame's address changes with each one. */
async function afterCheck(page: Page, change: () => Promise<void>): Promise<void> {
  const before = await page.locator('#verification iframe').getAttribute('src');
  await change();
  await page.waitForFunction((previous) => {
    const frame = (
      globalThis as unknown as {
        document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
      }
    ).document.querySelector('#verification iframe');
    return !frame || frame.getAttribute('src') !== previous;
  }, before);
  // The swap above is the check's answer; the frame's own loads may keep the network busy longer on a
  // loaded machine, and what follows waits for what it reads.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
}

/** Puts the caret right after the first `text` in the editor, found with the editor's own search (Ctrl+F). */
async function caretAfter(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  // Typed, not filled: the search panel reads its field on key events.
  await page.locator('.cm-search input[name="search"]').waitFor();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
}

describe('The e-mail editor in Chromium', () => {
  let fixture: ConsoleFixture;
  let watched: WatchedPage;
  let allowed: RegExp | undefined;
  let emailId: string;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  beforeEach(async () => {
    allowed = undefined;
    watched = await fixture.watched();
  });

  afterEach(async () => {
    await checkWatched(watched, allowed);
  });

  it('opens a library e-mail duplicated into a stored one, and completes a merge field after {{', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles`);
    const row = page.locator('tr[data-template="templates/email/welcome.mjml"]');
    await Promise.all([
      page.waitForURL(/\/modeles\/[0-9a-f-]+\/email$/),
      row.getByRole('button', { name: /Dupliquer/ }).click(),
    ]);
    emailId = new URL(page.url()).pathname.split('/')[2];
    expect(await page.locator('h1').textContent()).toBe('E-mail : Bienvenue (e-mail) (copie)');
    await page.locator('.code-editor[data-ready] .cm-content').waitFor();
    expect(await page.locator('textarea#email-corps').isHidden()).toBe(true);
    expect(await page.locator('.cm-content').getAttribute('aria-label')).toBe('Source MJML et Handlebars');
    expect(await page.locator('.cm-line .tok-typeName, .cm-line [class*="ͼ"]').count()).toBeGreaterThan(0);

    await caretAfter(page, '{{salutation}},');
    await page.keyboard.type(' Cher {{first');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'first_name' }).first();
    await option.waitFor();
    expect(await option.locator('.cm-completionDetail').textContent()).toBe('Salma');
    await afterCheck(page, () => option.click());
    expect(await page.locator('textarea#email-corps').inputValue()).toContain(
      '{{salutation}}, Cher {{first_name}}</mj-text>',
    );
    await page.frameLocator('#verification iframe').getByText('Cher Salma', { exact: false }).first().waitFor();
  });

  it('changes the subject: the inbox line and the preview follow; previews a chosen contact at mobile width', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles/${emailId}/email`);
    await page.locator('.code-editor[data-ready]').waitFor();
    expect(await page.locator('[data-inbox-sender]').textContent()).toBe('Maison Atlas');
    const firstFrame = await page.locator('#verification iframe').getAttribute('src');
    await afterCheck(page, () => page.getByLabel('Objet', { exact: true }).fill('Un cadeau pour vous, {{first_name}}'));
    expect(await page.locator('[data-inbox-subject]').textContent()).toBe('Un cadeau pour vous, Salma');
    expect(await page.locator('#verification iframe').getAttribute('src')).not.toBe(firstFrame);
    const long =
      'Votre avantage de bienvenue vous attend en magasin et sur notre site, jusqu’à la fin du mois prochain';
    await afterCheck(page, () => page.getByLabel('Pré-en-tête', { exact: false }).fill(long));
    expect(await page.locator('[data-inbox-preheader]').textContent()).toBe(`${long.slice(0, 89).trimEnd()}…`);

    const { contacts } = await fixture.app.get(ContactsService).search({ text: '', limit: 50 });
    const contact = contacts.find((item) => item.firstName && item.firstName !== 'Salma' && item.email)!;
    await afterCheck(page, () => page.getByLabel('Aperçu pour le client', { exact: false }).fill(contact.externalId));
    const suggestion = page.locator(`#email-clients option[value="${contact.externalId}"]`);
    await suggestion.waitFor({ state: 'attached' });
    expect(await suggestion.textContent()).toContain(contact.firstName!);
    await afterCheck(page, () => page.getByLabel('Mobile (375 px)').check());
    const frame = page.locator('iframe.email-preview-mobile');
    expect(await frame.getAttribute('data-contact')).toContain(`(${contact.externalId})`);
    expect(await frame.evaluate((element) => (element as unknown as { clientWidth: number }).clientWidth)).toBe(375);
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.frameLocator('iframe.email-preview-mobile').locator('body').textContent()).toContain(
      contact.firstName!,
    );
    expect(await page.locator('[data-inbox-subject]').textContent()).toContain(contact.firstName!.slice(0, 5));
    expect(await page.locator('[data-email-text]').textContent()).toContain(contact.firstName!);
  });

  it('shows broken MJML with its line, then saves a version that appears in the versions list', async () => {
    const { page } = watched;
    allowed = UNPROCESSABLE;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles/${emailId}/email`);
    await page.locator('.code-editor[data-ready]').waitFor();
    const source = await page.locator('textarea#email-corps').inputValue();
    const line = source.split('\n').findIndex((text) => text.includes('<mj-column>')) + 1;
    await caretAfter(page, '<mj-column');
    await afterCheck(page, () => page.keyboard.type('-oops'));
    const problems = page.locator('[data-mjml-problems]');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`Ligne ${line}`);
    expect(await problems.textContent()).toContain('mj-column-oops');
    await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().waitFor();
    for (let index = 0; index < '-oops'.length; index++) await page.keyboard.press('Backspace');
    await page.locator('[data-mjml-problems]').waitFor({ state: 'detached' });

    await page.getByLabel('Objet', { exact: true }).fill('Bienvenue chez Maison Atlas, {{first_name}}');
    await Promise.all([
      page.waitForURL(/enregistre=2$/),
      page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click(),
    ]);
    expect(await page.locator('[data-saved="2"]').count()).toBe(1);
    expect(await page.getByLabel('Objet', { exact: true }).inputValue()).toBe(
      'Bienvenue chez Maison Atlas, {{first_name}}',
    );
    await page.goto(`${fixture.origin}/modeles/${emailId}`);
    expect(await page.locator('tr[data-version="2"] [data-version-actor]').textContent()).toBe('Mona Marketer');
    const added = await page.locator('tr[data-diff="added"] code').allTextContents();
    expect(added).toContain('subject: "Bienvenue chez Maison Atlas, {{first_name}}"');
  });

  it('has no serious or critical accessibility violation at 1280 and 768 px', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${fixture.origin}/modeles/${emailId}/email`);
      await page.locator('.code-editor[data-ready]').waitFor();
      await page.waitForLoadState('networkidle');
      violations[`at ${width} px`] = await accessibilityViolations(page);
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
  });
});
