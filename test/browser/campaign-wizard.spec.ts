import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CampaignRunner } from '../../src/campaigns/campaign-runner.service';
import { CampaignsRepository } from '../../src/campaigns/campaigns.repository';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { SavedSegmentsService } from '../../src/segments/saved-segments.service';
import { accessibilityViolations, type WatchedPage } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The wizard's refusals (422) and the manager's (403): Chromium logs each as a failed load. */
const REFUSED = /the server responded with a status of (403|422)/;

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function submit(page: Page, name: RegExp | string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('Campaign wizard, pre-flight and launch in Chromium', () => {
  let fixture: ConsoleFixture;
  let watched: WatchedPage;
  let segmentId = '';
  let launchedId = '';

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const segment = await fixture.app.get(SavedSegmentsService).create({
      name: `${HOSTILE} Clients de France`,
      description: HOSTILE,
      rules: { all: [{ field: 'country', op: 'eq', value: 'FR' }] },
    });
    segmentId = segment.id;
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  beforeEach(async () => {
    watched = await fixture.watched();
  });

  afterEach(async () => {
    await checkWatched(watched, REFUSED);
  });

  /** A letter, then a call 8 days later to those who did not answer — the campaign data of both templates typed in. */
  async function fillTwoSteps(page: Page): Promise<void> {
    await page.getByLabel('Nom de la campagne').fill(`${HOSTILE} Anniversaire`);
    await page.getByLabel('Objectif (un seul par envoi)').selectOption('loyalty');
    await page.getByLabel('Segment enregistré').selectOption(segmentId);
    await page.getByLabel(/^Groupe témoin/).fill('10');
    await page.locator('#champ-etape1_canal').selectOption('letter');
    await page.locator('#champ-etape1_modele').selectOption('templates/letters/birthday.hbs');
    await page.locator('#champ-etape2_canal').selectOption('phone');
    // The template list shows only the chosen channel's templates.
    expect(
      await page.locator('#champ-etape2_modele optgroup[data-channel="letter"]').getAttribute('hidden'),
    ).not.toBeNull();
    await page.locator('#champ-etape2_modele').selectOption('templates/phone/winback.hbs');
    await page.locator('#champ-etape2_delai').fill('8');
    await page.locator('#champ-etape2_non_repondants').check();
    await submit(page, /^Actualiser/);
  }

  it('creates a two-step campaign, shows the missing campaign data on the whole audience, fixes it and launches', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/campagnes`);
    await Promise.all([
      page.waitForURL(/\/campagnes\/nouvelle$/),
      page.getByRole('link', { name: 'Nouvelle campagne' }).click(),
    ]);
    await expectAccessible(page);
    await fillTwoSteps(page);
    // The campaign data the two templates declare, their sample values as placeholders.
    expect(await page.getByLabel(/^gift_amount/).getAttribute('placeholder')).toBeTruthy();
    await page.getByLabel(/^voucher_amount/).fill('20');
    await page.getByLabel(/^voucher_ends_on/).fill('2027-01-31');
    await page.getByLabel('Coût fixe (création, impression…)').fill('100');
    await page.getByLabel('Coût par lettre (impression et affranchissement)').fill('4,50');
    await page.getByLabel('Coût par appel').fill('12');
    await page.getByLabel(/^Taux de marge/).fill('35');
    await page.getByLabel('Nom de l’expéditeur').fill('Maison Atlas');

    // No return address for a letter: refused, the message next to the field, nothing lost.
    await submit(page, 'Enregistrer le brouillon et vérifier');
    expect(await text(page, '#champ-expediteur_adresse-erreur')).toContain('obligatoire pour une lettre');
    expect(await page.getByLabel(/^voucher_amount/).inputValue()).toBe('20');
    expect(await page.locator('#champ-etape2_non_repondants').isChecked()).toBe(true);
    await expectAccessible(page);
    await page.getByLabel(/^Adresse postale/).fill('12 boulevard d’Anfa\n20250 Casablanca');
    await page.getByLabel('Signataire', { exact: true }).fill('Salma Berrada');
    await page.getByLabel(/^Lieu/).fill('Casablanca');
    await submit(page, 'Enregistrer le brouillon et vérifier');

    // The pre-flight: gift_amount is missing for every targeted client, the launch is blocked.
    expect(page.url()).toMatch(/\/campagnes\/[0-9a-f-]{36}\/verification$/);
    launchedId = page.url().split('/').at(-2)!;
    const targeted = await text(page, '[data-figure="targeted"]');
    expect(Number(targeted.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.locator('.preflight-missing tbody tr').count()).toBe(1);
    const missing = page.locator('.preflight-missing tbody tr').first();
    expect(await missing.locator('th').textContent()).toBe('campaign.data.gift_amount');
    expect((await missing.locator('td').first().textContent())?.trim()).toBe(targeted);
    expect(await page.locator('[data-verdict="blocked"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Lancer la campagne' }).count()).toBe(0);
    expect(await text(page, 'h1')).toBe('Vérification avant lancement');
    expect(await page.locator('.breadcrumb').textContent()).toContain(HOSTILE);
    await expectAccessible(page);

    // Fixed in the draft: the pre-flight lets it go.
    await Promise.all([
      page.waitForURL(/\/modifier$/),
      page.getByRole('link', { name: 'la remplir dans le brouillon' }).first().click(),
    ]);
    expect(await page.getByLabel('Nom de la campagne').inputValue()).toBe(`${HOSTILE} Anniversaire`);
    await page.getByLabel(/^gift_amount/).fill('50');
    await submit(page, 'Enregistrer le brouillon et vérifier');
    expect(await page.locator('.preflight-missing, .preflight-step .alert').allTextContents()).toEqual([]);
    expect(await page.locator('[data-verdict="lint"]').first().textContent()).not.toBe('bloquant');
    const letterHref = await page
      .getByRole('link', { name: /^Lettre de .* \(PDF\)$/ })
      .first()
      .getAttribute('href');
    const pdf = await page.request.get(`${fixture.origin}${letterHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    expect(await page.locator('.preflight-text').count()).toBe(3);
    await expectAccessible(page);

    await submit(page, 'Lancer la campagne');
    expect(page.url()).toBe(`${fixture.origin}/campagnes/${launchedId}?fait=lancement`);
    expect(await text(page, 'h1')).toBe(`${HOSTILE} Anniversaire`);
    expect(await text(page, '[role="status"]')).toContain('Campagne lancée');
    expect(await text(page, '.campaign-facts [data-figure="targeted"]')).toBe(targeted);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // The letters go to the file outbox: the first step's dispatch (the worker's job, run here) writes the print batch.
    const [first] = await fixture.app.get(CampaignsRepository).steps(launchedId);
    let letters = 0;
    for (let tries = 0; tries < 10 && !letters; tries++) {
      await fixture.app.get(CampaignRunner).runStep(first.id);
      const [row]: Array<{ n: number }> = await fixture.app
        .get(DataSource)
        .query(`SELECT coalesce(sum(letters), 0)::int AS n FROM print_batches WHERE campaign_id = $1`, [launchedId]);
      letters = row.n;
    }
    expect(letters).toBeGreaterThan(0);
    expect(letters).toBeLessThanOrEqual(Number(targeted.replace(/\D/g, '')));
    await page.goto(`${fixture.origin}/boite-d-envoi/courriers`);
    const batch = page.locator(`a[href="/campagnes/${launchedId}"]`);
    expect(await batch.first().textContent()).toBe(`${HOSTILE} Anniversaire`);
  });

  it('a manager sees the pre-flight but cannot save or launch (403)', async () => {
    const { page } = watched;
    const { id } = await fixture.app.get(CampaignsService).duplicate(launchedId);
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes/${id}/verification`);
    expect(await page.getByRole('button', { name: 'Lancer la campagne' }).count()).toBe(0);
    expect(
      await text(page, '#lancement-titre + p.notice, section[aria-labelledby="lancement-titre"] .notice'),
    ).toContain('Seul un marketeur');
    const refused = await page.evaluate(
      async (targets) => {
        const body = (globalThis as unknown as { document: { body: { getAttribute(name: string): string | null } } })
          .document.body;
        const token = (JSON.parse(body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)['X-CSRF-Token'];
        const statuses: number[] = [];
        for (const target of targets) {
          const answer = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `_csrf=${encodeURIComponent(token)}&nom=x&objectif=sale`,
          });
          statuses.push(answer.status);
        }
        return statuses;
      },
      [
        `/campagnes/${id}/lancement`,
        `/campagnes/${id}/modifier`,
        '/campagnes/nouvelle',
        `/campagnes/${id}/duplication`,
      ],
    );
    expect(refused).toEqual([403, 403, 403, 403]);
    expect((await fixture.app.get(CampaignsService).list()).filter((c) => c.name === 'x')).toEqual([]);
    // Usable at 768 px too: nothing wider than the window, no serious accessibility violation.
    await page.setViewportSize({ width: 768, height: 1000 });
    for (const address of [`/campagnes/${id}/verification`, `/campagnes/${id}/modifier`]) {
      await page.goto(`${fixture.origin}${address}`);
      await expectAccessible(page);
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect({ address, overflow }).toEqual({ address, overflow: 0 });
    }
    expect((await fixture.app.get(CampaignsService).get(id)).status).toBe('draft');
  });

  it('duplicates the launched campaign, schedules the copy for later and cancels it', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/campagnes/${launchedId}`);
    await submit(page, 'Dupliquer en nouveau brouillon');
    expect(page.url()).toMatch(/\/modifier$/);
    expect(await page.getByLabel('Nom de la campagne').inputValue()).toBe(`${HOSTILE} Anniversaire (copie)`);
    await page.locator('#champ-etape1_date').fill('2030-01-15T09:30');
    await submit(page, 'Enregistrer le brouillon et vérifier');
    await submit(page, /^Programmer pour le 15 janv\. 2030/);
    expect(await text(page, '[data-figure="status"]')).toBe('Programmée');
    await submit(page, 'Annuler la campagne');
    expect(await text(page, '[data-figure="status"]')).toBe('Annulée');
  });
});
