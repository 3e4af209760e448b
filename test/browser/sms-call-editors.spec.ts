import type { Page } from 'playwright-core';
import { accessibilityViolations, type WatchedPage } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** Refusals the tests ask for: Chromium logs each as a failed load. */
const REFUSED = /the server responded with a status of (400|403|404)/;

/** Duplicates a library file from the list and lands on its editor. */
async function duplicate(page: Page, fixture: ConsoleFixture, reference: string, editor: string): Promise<string> {
  await page.goto(`${fixture.origin}/modeles`);
  await Promise.all([
    page.waitForURL(new RegExp(`/modeles/[0-9a-f-]+/${editor}$`)),
    page
      .locator(`tr[data-template="${reference}"]`)
      .getByRole('button', { name: /Dupliquer/ })
      .click(),
  ]);
  return new URL(page.url()).pathname.split('/')[2];
}

/** The SMS's units and segments once the panel shows the text typed (htmx, debounced). */
async function measured(page: Page, typed: string): Promise<{ units: number; segments: number }> {
  await page.locator('#sms-texte').fill(typed);
  await page.waitForFunction(
    (text) =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }
      ).document
        .querySelector('[data-sms-text]')
        ?.textContent?.startsWith(`${text}\n`) ?? false,
    typed,
  );
  return {
    units: Number(await page.locator('[data-units]').getAttribute('data-units')),
    segments: Number(await page.locator('[data-segments]').getAttribute('data-segments')),
  };
}

describe('SMS and call-script editors in Chromium', () => {
  let fixture: ConsoleFixture;
  let watched: WatchedPage;
  let allowed: RegExp | undefined;
  let smsId: string;
  let callId: string;

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

  it('counts the segments of the SMS as received, names what forces UCS-2, and finds a missing STOP', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    smsId = await duplicate(page, fixture, 'templates/sms/promotion.hbs', 'sms');
    expect(await page.locator('h1').textContent()).toBe('SMS : Promotion périodique (SMS) (copie)');
    expect(await page.locator('[data-sms-text]').textContent()).toMatch(/^Maison Atlas : .*\nSTOP au 36180$/);
    expect(await page.locator('[data-opt-out]').getAttribute('data-opt-out')).toBe('present');
    expect(await page.locator('[data-cost]').textContent()).toContain('prix par défaut');
    // The STOP line is part of what is counted: find its length, then type up to the boundary.
    const probe = await measured(page, 'a'.repeat(100));
    const mention = probe.units - 100;
    expect(mention).toBe('\nSTOP au 36180'.length);
    expect(await measured(page, 'a'.repeat(160 - mention))).toEqual({ units: 160, segments: 1 });
    expect(await page.locator('[data-encoding]').getAttribute('data-encoding')).toBe('GSM-7');
    expect(await measured(page, 'a'.repeat(161 - mention))).toEqual({ units: 161, segments: 2 });
    expect(await page.locator('[data-cost]').textContent()).toMatch(/0,70\sMAD/);
    // é is in the GSM alphabet, ê is not: the whole SMS goes UCS-2 and the page says because of which.
    expect(await measured(page, 'Déjà là')).toMatchObject({ segments: 1 });
    expect(await page.locator('[data-encoding]').getAttribute('data-encoding')).toBe('GSM-7');
    await measured(page, 'Une fête pour vous');
    expect(await page.locator('[data-encoding]').getAttribute('data-encoding')).toBe('UCS-2');
    expect(await page.locator('[data-non-gsm]').textContent()).toContain('« ê »');
    expect(await page.locator('[data-rule="sms-unicode"]').count()).toBe(1);
    // A merge field is measured with its value.
    await page.locator('#sms-texte').fill('Bonjour ');
    await page.locator('#sms-texte').press('End');
    await page.getByRole('button', { name: 'first_name', exact: true }).click();
    await page.locator('[data-sms-text]', { hasText: /^Bonjour Salma\n/ }).waitFor();
    // Hostile text shows as text.
    await measured(page, HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    // The STOP mention removed: the linter's error, and the launch refused.
    await page.locator('#sms-mention').fill('');
    await page.locator('[data-opt-out="missing"]').waitFor();
    expect(await page.locator('[data-rule="sms-opt-out"]').count()).toBe(1);
    expect(await page.locator('#verification [data-launch="blocked"]').textContent()).toContain('sms-opt-out');
    await Promise.all([
      page.waitForURL(/\/sms\?enregistre=2$/),
      page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click(),
    ]);
    expect(await page.locator('[data-saved="2"]').textContent()).toContain('brouillon');
    expect(await page.locator('#sms-mention').inputValue()).toBe('');
    await page.goto(`${fixture.origin}/modeles/${smsId}`);
    expect(await page.locator('[data-launch="blocked"]').textContent()).toContain('sms-opt-out');
    expect(await page.getByRole('link', { name: 'Modifier le SMS' }).getAttribute('href')).toBe(
      `/modeles/${smsId}/sms`,
    );
    // Opened from a campaign: its sender and data, and its SMS price (the demo's campaigns have none: the default, said so).
    await page.goto(`${fixture.origin}/campagnes`);
    const campaignHref = await page.locator('tbody th a[href^="/campagnes/"]').first().getAttribute('href');
    await page.goto(`${fixture.origin}/modeles/${smsId}/sms?campagne=${campaignHref!.split('/')[2]}`);
    expect(await page.locator('.notice', { hasText: 'Ouvert depuis la campagne' }).count()).toBe(1);
    expect(await page.locator('[data-cost]').textContent()).toContain("n'a pas de prix SMS");
    await page.locator('#sms-prix').fill('0,5');
    await page.locator('[data-cost]', { hasText: 'le prix saisi' }).waitFor();
    allowed = REFUSED;
    const unknown = await page.goto(`${fixture.origin}/modeles/${smsId}/sms?campagne=nope`);
    expect(unknown?.status()).toBe(404);
  });

  it('edits a call script section and a branch, adds a branch, and saves a new version', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    callId = await duplicate(page, fixture, 'templates/phone/winback.hbs', 'appel');
    expect(await page.locator('#appel-contact-titre').inputValue()).toBe('Prise de contact');
    expect(await page.locator('#appel-branche-cle-0').inputValue()).toBe('branch:reached');
    await page.locator('#appel-contact-texte').fill('Bonjour {{first_name}}, ici **{{sender.name}}**.');
    await page.locator('[data-preview-section="contact"]', { hasText: 'Bonjour Salma, ici Maison Atlas.' }).waitFor();
    expect(await page.locator('[data-preview-section="contact"] .run-bold').textContent()).toBe('Maison Atlas');
    await page.locator('#appel-branche-titre-3').fill('Si le client dit « trop cher »');
    await page.locator('#appel-branche-texte-3').fill('Répondre : le bon reste valable sans minimum.');
    await page.locator('[data-preview-section="branch:objection"]', { hasText: 'sans minimum' }).waitFor();
    const added = page.locator('.call-branch').last();
    await added.getByRole('combobox').selectOption('autre');
    await added.getByLabel('Si le client dit… (la situation)').fill('« Rappelez-moi plus tard »');
    await added.getByLabel('→ Répondre…').fill('Noter le meilleur moment et rappeler.');
    await page.locator('[data-preview-section="branch:autre"]').waitFor();
    expect(await page.locator('#verification [data-launch="ok"]').count()).toBe(1);
    await Promise.all([
      page.waitForURL(/\/appel\?enregistre=2$/),
      page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click(),
    ]);
    expect(await page.locator('#appel-branche-titre-6').inputValue()).toBe('« Rappelez-moi plus tard »');
    await page.goto(`${fixture.origin}/modeles/${callId}`);
    expect(await page.locator('tr[data-version="2"] [data-version-actor]').textContent()).toContain('Mona Marketer');
    const file = await (await page.request.get(`${fixture.origin}/modeles/${callId}/fichier?version=2`)).text();
    expect(file).toContain('[contact] Prise de contact\nBonjour {{first_name}}, ici **{{sender.name}}**.\n');
    expect(file).toContain(
      '[branch:objection] Si le client dit « trop cher »\nRépondre : le bon reste valable sans minimum.\n',
    );
    expect(file).toMatch(
      /\[branch:autre\] « Rappelez-moi plus tard »\nNoter le meilleur moment et rappeler\.\n\n\[conclusion\]/,
    );
  });

  it('removes a CROC section: the error, a draft that cannot launch; and refuses a manager (403)', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/modeles/${callId}/appel`);
    // A line that would open a section: the panel names the field, nothing is lost.
    await page.locator('#appel-reason-texte').fill('Votre carte.\n[conclusion] oups');
    await page.locator('[data-form-problem]', { hasText: 'reason_texte' }).waitFor();
    await page.locator('#appel-reason-texte').fill('Votre carte arrive à échéance.');
    await page.locator('#verification [data-launch]').waitFor();
    await page.locator('#appel-objective-titre').fill('');
    await page.locator('#appel-objective-texte').fill('');
    await page.locator('#verification [data-launch="blocked"]', { hasText: 'croc-section-missing' }).waitFor();
    await page.context().clearCookies();
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/modeles/${smsId}/sms`);
    expect(await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).count()).toBe(0);
    allowed = REFUSED;
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() =>
        (globalThis as unknown as { document: { forms: { namedItem(n: string): { submit(): void } } } }).document.forms
          .namedItem('sms')
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
      for (const address of [`/modeles/${smsId}/sms`, `/modeles/${callId}/appel`, `/modeles/${callId}`]) {
        await page.goto(`${fixture.origin}${address}`);
        await page.waitForLoadState('networkidle');
        violations[`${address} at ${width} px`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
  });
});
