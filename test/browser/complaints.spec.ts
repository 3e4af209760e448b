import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The bad input the test sends on purpose answers 400, which Chromium logs as a failed load. */
const BAD_INPUT = /the server responded with a status of 400/;

describe('Réclamations in Chromium', () => {
  let fixture: ConsoleFixture;
  let client = '';
  let reference = '';

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const db = fixture.app.get(DataSource);
    const [row] = await db.query(
      `SELECT external_id FROM contacts WHERE type = 'person' AND email IS NOT NULL AND phone IS NOT NULL ORDER BY id LIMIT 1`,
    );
    client = row.external_id;
    await db.query(`UPDATE contacts SET first_name = $2, last_name = 'Hostile' WHERE external_id = $1`, [
      client,
      HOSTILE,
    ]);
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  const figure = async (page: Page, name: string) =>
    ((await page.locator(`[data-figure="${name}"]`).textContent()) ?? '').trim();

  async function submit(page: Page, button: string): Promise<void> {
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: button }).click()]);
    await page.waitForLoadState('load');
  }

  it('takes a complaint by phone, qualifies, assigns, answers with a voucher and closes it; the indicators follow', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    const violations: Record<string, unknown> = {};
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/reclamations/indicateurs`);
    const receivedBefore = Number(await figure(page, 'received'));
    expect(await page.locator('[data-no-compensation]').count()).toBe(1);

    await page.goto(`${fixture.origin}/reclamations`);
    await page.getByRole('link', { name: 'Nouvelle réclamation' }).click();
    await page.waitForURL(/\/reclamations\/nouvelle$/);
    await page.getByLabel('Client : nom, e-mail, téléphone ou n° client').fill(client);
    await submit(page, 'Chercher le client');
    violations.nouvelle = await accessibilityViolations(page);
    // Nothing typed: refused, the fields named, nothing lost.
    await submit(page, 'Enregistrer la réclamation');
    expect(await page.getByRole('alert').textContent()).toMatch(/Objet.*Description/s);
    await page.getByLabel('Objet').fill('Canapé livré abîmé');
    await page.getByLabel('Description : ce que dit le client').fill(`Le pied est cassé. ${HOSTILE}`);
    await page.getByLabel('Reçue par').selectOption('phone');
    expect(await page.locator('input[name="client"]:checked').getAttribute('value')).toBe(client);
    await submit(page, 'Enregistrer la réclamation');
    expect(page.url()).toMatch(/\/reclamations\/REC-\d{4}-\d{6}\?fait=creee$/);
    reference = /REC-\d{4}-\d{6}/.exec(page.url())![0];
    expect(await page.locator('h1').textContent()).toBe(`Réclamation ${reference}`);
    expect(await page.locator('[data-client]').textContent()).toBe(`${HOSTILE} Hostile`);
    expect(await page.locator('main img').count()).toBe(0);
    const dueBefore = await page.locator('[data-due-at]').textContent();

    await submit(page, 'Qualifier');
    expect(await page.getByRole('alert').textContent()).toMatch(/Cause : choisissez la cause/);
    await page.getByLabel('Cause').selectOption('product_defect');
    await page.getByLabel('Urgente').check();
    await page.getByLabel('Importante').check();
    await submit(page, 'Qualifier');
    expect(await page.locator('[data-priority]').textContent()).toBe('urgente, importante');
    expect(await page.locator('[data-due-at]').textContent()).not.toBe(dueBefore);
    expect(await page.locator('[data-due-before]').textContent()).toContain(dueBefore!);
    expect(await page.locator('[data-due]').textContent()).toContain('24 heures');

    await page.getByLabel('Attribuer à').selectOption({ label: 'Mona Marketer' });
    await submit(page, 'Attribuer');
    expect(await page.locator('[data-owner]').textContent()).toBe('Mona Marketer');

    await page.getByLabel('Ce que nous avons fait').fill('nous avons remplacé le pied et changé de transporteur.');
    await page.getByLabel('Geste commercial').selectOption('voucher');
    await page.getByLabel(/^Montant/).fill('200');
    await submit(page, "Voir l'aperçu");
    const preview = await page.locator('[data-preview]').textContent();
    expect(preview).toContain(reference);
    expect(preview).toMatch(/Bon d'achat de 200,00/);
    expect(preview).toContain('nous avons remplacé le pied');
    violations.complaint = await accessibilityViolations(page);
    await submit(page, 'Envoyer la réponse');
    expect(await page.locator('[data-status]').textContent()).toBe('Répondue');
    expect(await page.locator('[data-compensation]').textContent()).toMatch(/200,00/);

    await page.getByLabel('Condition de clôture').selectOption('gesture_accepted');
    await submit(page, 'Clore la réclamation');
    expect(await page.locator('[data-status]').textContent()).toBe('Close');
    expect(await page.locator('[data-closing]').textContent()).toContain('Geste commercial accepté');
    expect(await page.locator('[data-follow-up]').textContent()).toMatch(/appel de contrôle .* le \d+/);
    const thread = await page.locator('#fil + ol').textContent();
    expect(thread).toContain('Mona Marketer');
    expect(thread).toContain(HOSTILE);

    await page.goto(`${fixture.origin}/reclamations?statut=closed`);
    const row = page.locator(`tr[data-reference="${reference}"]`);
    expect(await row.locator('[data-due-state]').textContent()).toMatch(/Répondue (à temps|en retard)/);
    expect(await row.locator('td').first().textContent()).toBe(`${HOSTILE} Hostile`);
    violations.board = await accessibilityViolations(page);

    await page.goto(`${fixture.origin}/reclamations/indicateurs`);
    expect(Number(await figure(page, 'received'))).toBe(receivedBefore + 1);
    const voucher = page.locator(`tr[data-kind="Bon d'achat"]`);
    expect(await voucher.locator('[data-count]').textContent()).toBe('1');
    expect(await voucher.locator('[data-amount]').textContent()).toMatch(/^200,00/);
    expect(await figure(page, 'delay')).toMatch(/moyen/);
    violations.indicateurs = await accessibilityViolations(page);

    await page.goto(`${fixture.origin}/reclamations/mecontents`);
    violations.mecontents = await accessibilityViolations(page);
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched, BAD_INPUT);
  });

  it('lets a manager read a complaint but not act on it (403, no buttons)', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/reclamations`);
    expect(await page.getByRole('link', { name: 'Nouvelle réclamation' }).count()).toBe(0);
    await page.goto(`${fixture.origin}/reclamations/${reference}`);
    expect(await page.locator('h1').textContent()).toBe(`Réclamation ${reference}`);
    expect(await page.locator('form[action*="/reclamations/"]').count()).toBe(0);
    const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    for (const action of ['qualification', 'attribution', 'reponse', 'cloture']) {
      const refused = await page.request.post(`${fixture.origin}/reclamations/${reference}/${action}`, {
        form: { _csrf: token!, cause: 'other', condition: 'client_satisfied' },
        headers: { Origin: fixture.origin },
        maxRedirects: 0,
      });
      expect(refused.status()).toBe(403);
    }
    expect((await page.goto(`${fixture.origin}/reclamations/nouvelle`))?.status()).toBe(403);
    const csv = await page.request.get(`${fixture.origin}/reclamations/mecontents.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^external_id,name,open_complaints,nps_score,reasons/);
    await checkWatched(watched, EXPECTED_REFUSAL);
  });
});
