import type { Page } from 'playwright-core';
import { SavedSegmentsService } from '../../src/segments/saved-segments.service';
import { formatNumber } from '../../src/console/shell/french-format';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The form posted with a problem answers 422, which Chromium logs as a failed load. */
const REFUSED_FORM = /the server responded with a status of 422/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

async function cli(...args: string[]): Promise<Json> {
  const result = await runCli(...args, '--json');
  if (result.code !== 0) throw new Error(`relance ${args.join(' ')}: ${result.stderr}`);
  return result.json<Json>();
}

/** Clicks "Prévisualiser" and waits for htmx to put the answer in place. */
async function preview(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/automatisations/previsualisation')),
    page.getByRole('button', { name: 'Prévisualiser les prochains envois' }).click(),
  ]);
  await page.locator('#apercu [data-preview-total], #apercu [data-preview-problems]').first().waitFor();
}

describe('Setting up an automation in Chromium (issue 19, item 4)', () => {
  let fixture: ConsoleFixture;
  let birthdayId = '';

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    await fixture.app.get(SavedSegmentsService).create({ name: HOSTILE, rules: { all: [] } });
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('sets up the birthday reminder from the ready-made one: its next sends before saving are those of the saved automation', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/automatisations`);
    await page.getByRole('link', { name: 'Nouvelle automatisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle automatisation' }).waitFor();
    expect(await page.locator('[data-ready-made]').count()).toBe(10);
    expect(await page.locator('[data-ready-made="loyalty-card-expiry"]').textContent()).toContain(
      "30 et 7 jours avant l'expiration de la carte de fidélité",
    );
    await Promise.all([
      page.waitForURL(/modele=birthday$/),
      page.getByRole('link', { name: 'Partir de « Anniversaire »' }).click(),
    ]);
    await page.waitForLoadState('load');
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Anniversaire');
    expect(await page.getByLabel("Heure d'envoi, à l'heure locale du client").inputValue()).toBe('09:30');
    // The settings of other triggers are hidden; a hostile segment name is an option's text.
    expect(await page.getByLabel('Jours avant la date').isVisible()).toBe(false);
    expect(await page.locator('#champ-audience option', { hasText: HOSTILE }).count()).toBe(1);
    // Step 2's list offers the templates of its channel only.
    await page.locator('#champ-etape2_canal').selectOption('sms');
    expect(await page.locator('#champ-etape2_modele optgroup[data-channel="email"]').evaluate((g) => g.hidden)).toBe(
      true,
    );

    await preview(page);
    const sentence = page.locator('#apercu [data-preview-total]');
    const total = Number(await sentence.getAttribute('data-preview-total'));
    const from = (await sentence.getAttribute('data-upcoming-from'))!;
    expect(total).toBeGreaterThan(0);
    expect(await sentence.textContent()).toContain(`${formatNumber(total)} anniversaires dans les 7 prochains jours`);
    const byDay = await page.locator('#apercu [data-count]').allTextContents();
    expect(byDay.reduce((sum, text) => sum + Number(text.replace(/\s/g, '')), 0)).toBe(total);
    expect(await page.locator('#apercu details pre').textContent()).toContain('"type": "birthday"');

    await Promise.all([
      page.waitForURL(/\/automatisations\/[0-9a-f-]{36}\?fait=creation$/),
      page.getByRole('button', { name: "Enregistrer l'automatisation" }).click(),
    ]);
    birthdayId = /automatisations\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.getByText('Automatisation enregistrée').waitFor();
    expect(await page.locator('[data-upcoming-total]').textContent()).toContain(
      `${formatNumber(total)} messages prévus`,
    );
    // `relance automation upcoming` at the preview's instant: the same messages.
    expect((await cli('automation', 'upcoming', birthdayId, '--at', from)).messages).toHaveLength(total);
    await page.goto(`${fixture.origin}/automatisations`);
    await page.locator(`tr[data-automation="${birthdayId}"]`).getByRole('link', { name: 'Anniversaire' }).waitFor();
    const listed = (await cli('automation', 'list')) as unknown as Json[];
    expect(listed.map((a) => a.name)).toEqual(['Anniversaire']);
    await checkWatched(watched);
  });

  it('refuses a sending time of 25:00 with a French message next to the field, keeping what was typed', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/automatisations/${birthdayId}/modifier`);
    await page.getByLabel("Heure d'envoi, à l'heure locale du client").fill('25:00');
    await preview(page);
    expect(await page.locator('#apercu [data-preview-problems]').textContent()).toContain("Heure d'envoi");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/modifier')),
      page.getByRole('button', { name: 'Enregistrer les modifications' }).click(),
    ]);
    expect(answer.status()).toBe(422);
    expect(await page.locator('#erreur-heure').textContent()).toBe(
      "Heure d'envoi : une heure de la journée, de 00:00 à 23:59 (par exemple 09:30), à l'heure du client",
    );
    expect(await page.locator('#champ-heure').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#champ-heure').inputValue()).toBe('25:00');
    expect((await cli('automation', 'list'))[0].trigger.local_time).toBe('09:30');
    // Fixed, saved: the automation's page says the new time.
    await page.locator('#champ-heure').fill('10:15');
    await Promise.all([
      page.waitForURL(new RegExp(`/automatisations/${birthdayId}\\?fait=modification$`)),
      page.getByRole('button', { name: 'Enregistrer les modifications' }).click(),
    ]);
    expect(await page.locator('[data-trigger]').textContent()).toContain('à 10:15, heure du client');
    await checkWatched(watched, REFUSED_FORM);
  });

  it('refuses a manager the form and its posts (403), and shows no link to it', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/automatisations`);
    expect(await page.getByRole('link', { name: 'Nouvelle automatisation' }).count()).toBe(0);
    await page.goto(`${fixture.origin}/automatisations/${birthdayId}`);
    expect(await page.getByRole('link', { name: "Modifier l'automatisation" }).count()).toBe(0);
    expect((await page.goto(`${fixture.origin}/automatisations/nouvelle?modele=birthday`))?.status()).toBe(403);
    expect((await page.goto(`${fixture.origin}/automatisations/${birthdayId}/modifier`))?.status()).toBe(403);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const statuses = await page.evaluate(
      async ([id, token]) => {
        const post = (url: string) =>
          fetch(url, { method: 'POST', body: new URLSearchParams({ _csrf: token, nom: 'Par un responsable' }) }).then(
            (r) => r.status,
          );
        return [
          await post('/automatisations/nouvelle'),
          await post(`/automatisations/${id}/modifier`),
          await post('/automatisations/previsualisation'),
        ];
      },
      [birthdayId, token],
    );
    expect(statuses).toEqual([403, 403, 403]);
    expect(((await cli('automation', 'list')) as unknown as Json[]).map((a) => a.name)).toEqual(['Anniversaire']);
    await checkWatched(watched, EXPECTED_REFUSAL);
  });

  it('has no serious or critical accessibility violation, at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${fixture.origin}/automatisations/nouvelle`);
      violations[`cards at ${width} px`] = await accessibilityViolations(page);
      await page.goto(`${fixture.origin}/automatisations/nouvelle?modele=zero`);
      expect(await page.locator('#champ-nom').inputValue()).toBe('');
      violations[`blank form at ${width} px`] = await accessibilityViolations(page);
      await page.goto(`${fixture.origin}/automatisations/nouvelle?modele=loyalty-card-expiry`);
      await preview(page);
      violations[`form and preview at ${width} px`] = await accessibilityViolations(page);
      await page.goto(`${fixture.origin}/automatisations/${birthdayId}/modifier`);
      await page.locator('#champ-heure').fill('25:00');
      await page.locator('#champ-groupe_temoin').fill('cent');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.locator('[data-form-problems]').waitFor();
      violations[`form with problems at ${width} px`] = await accessibilityViolations(page);
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched, REFUSED_FORM);
  });
});
