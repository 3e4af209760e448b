import type { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { runCli } from '../support/cli';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { accessibilityViolations, launchChromium, watchedPage, type WatchedPage } from './browser';

/** The focused element, in the page (tests are type-checked without the DOM library). */
function focused(): { text: string; id: string } {
  const element = (
    globalThis as unknown as { document: { activeElement: { textContent: string | null; id: string } | null } }
  ).document.activeElement;
  return { text: element?.textContent?.trim() ?? '', id: element?.id ?? '' };
}

/** A status the test itself asks for (a refusal) is logged by Chromium as a failed load: expected, not a fault. */
const EXPECTED_REFUSAL = /the server responded with a status of (401|403|429)/;

describe('web console in Chromium', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  let admin: { email: string; password: string };
  let manager: { email: string; password: string };
  let watched: WatchedPage;
  let allowedErrors: RegExp | undefined;

  async function createUser(email: string, role: string, name?: string): Promise<{ email: string; password: string }> {
    const created = await runCli('user', 'create', email, '--role', role, ...(name ? ['--name', name] : []), '--json');
    if (created.code !== 0) throw new Error(created.stderr);
    return { email, password: created.json().password };
  }

  async function signIn(user: { email: string; password: string }, page = watched.page) {
    await page.goto(`${origin}/connexion`);
    await page.getByLabel('Adresse e-mail').fill(user.email);
    await page.getByLabel('Mot de passe').fill(user.password);
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await page.waitForLoadState('load');
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    admin = await createUser('admin@example.com', 'admin', 'Alice Admin');
    manager = await createUser('manager@example.com', 'manager', 'Mehdi Manager');
    app = await startHttp();
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.close();
  });

  beforeEach(async () => {
    allowedErrors = undefined;
    watched = await watchedPage(browser, origin);
  });

  afterEach(async () => {
    await watched.context.close();
    expect(watched.offsite).toEqual([]);
    expect(watched.errors.filter((error) => !allowedErrors?.test(error))).toEqual([]);
    expect(watched.dialogs).toEqual([]);
  });

  it('signs in with a user created by the CLI, and shows the layout with its navigation', async () => {
    const { page } = watched;
    await page.goto(`${origin}/`);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await signIn(admin);
    await page.waitForURL(`${origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
    const labels = await navigation.getByRole('link').allTextContents();
    expect(labels).toEqual([
      'Tableau de bord',
      'Campagnes',
      'Automatisations',
      'Segments',
      'Modèles',
      'Contacts',
      'Réclamations',
      'Appels',
      'Coupons',
      "Boîte d'envoi",
      'Paramètres',
    ]);
    await navigation.getByRole('link', { name: 'Campagnes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Campagnes' }).getAttribute('aria-current')).toBe('page');
    // The bundle ran (htmx is there), from relance itself.
    // (a deferred script: it may run just after the heading is parsed)
    await page.waitForFunction(() => typeof (globalThis as unknown as { htmx?: unknown }).htmx === 'object');
    await Promise.all([
      page.waitForURL(/\/connexion/),
      page.getByRole('button', { name: 'Se déconnecter', exact: true }).click(),
    ]);
    await page.getByText('Vous êtes déconnecté.').waitFor();
  });

  it('is usable by keyboard: sign-in starts in the e-mail field, the first Tab of a page reaches the skip link', async () => {
    const { page } = watched;
    await page.goto(`${origin}/connexion`);
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await Promise.all([page.waitForURL(`${origin}/`), page.keyboard.press('Enter')]);
    await page.keyboard.press('Tab');
    expect((await page.evaluate(focused)).text).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect((await page.evaluate(focused)).id).toBe('contenu');
  });

  it('refuses a wrong password, then throttles after too many tries', async () => {
    allowedErrors = EXPECTED_REFUSAL;
    const { page } = watched;
    const target = await createUser('throttle@example.com', 'marketer');
    await signIn({ email: target.email, password: 'not the password' });
    await page.getByRole('alert').getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    for (let attempt = 1; attempt < 5; attempt++) await signIn({ email: target.email, password: 'still not it' });
    await signIn(target);
    await page
      .getByRole('alert')
      .getByText(/Trop de tentatives, réessayez dans \d+ minutes\./)
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });

  it('lets a manager read but not open Paramètres (403), and shows no link to it', async () => {
    allowedErrors = EXPECTED_REFUSAL;
    const { page } = watched;
    await signIn(manager);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    expect(await page.getByRole('link', { name: 'Paramètres' }).count()).toBe(0);
    const refused = await page.goto(`${origin}/parametres`);
    expect(refused?.status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
  });

  it('refuses a form posted to relance from another site (403), and nothing is created', async () => {
    allowedErrors = EXPECTED_REFUSAL;
    const keys = async () => (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM api_keys`))[0].n;
    const before = await keys();
    const attacker = http.createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html lang="en"><title>free prize</title><form method="post" action="${origin}/parametres/cles"><input type="hidden" name="role" value="admin"><button>Win</button></form>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    // localhost and 127.0.0.1 are different sites: the post is cross-site.
    const attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
    const victim = await watchedPage(browser, origin, [attackerOrigin]);
    try {
      await signIn(admin, victim.page);
      await victim.page.goto(`${attackerOrigin}/`);
      const [response] = await Promise.all([
        victim.page.waitForResponse(`${origin}/parametres/cles`),
        victim.page.getByRole('button', { name: 'Win' }).click(),
      ]);
      expect(response.status()).toBe(403);
      expect(await keys()).toBe(before);
      expect(victim.offsite).toEqual([]);
      expect(victim.dialogs).toEqual([]);
    } finally {
      await victim.context.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });

  it('shows a user named <img src=x onerror=alert(1)> as text', async () => {
    const { page } = watched;
    await createUser('xss@example.com', 'manager', '<img src=x onerror=alert(1)>');
    await signIn(admin);
    await page.waitForURL(`${origin}/`);
    await page.goto(`${origin}/parametres`);
    await page.getByRole('cell', { name: '<img src=x onerror=alert(1)>', exact: true }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('creates a user from Paramètres, the password shown once, and that user signs in', async () => {
    const { page } = watched;
    await signIn(admin);
    await page.waitForURL(`${origin}/`);
    await page.goto(`${origin}/parametres`);
    await page.getByLabel('E-mail', { exact: true }).fill('new@example.com');
    await page.getByLabel('Nom', { exact: true }).fill('Nadia Nouvelle');
    await page.getByLabel('Rôle', { exact: true }).first().selectOption('marketer');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Créer (mot de passe généré)' }).click(),
    ]);
    const password = (await page.locator('[data-secret]').textContent())!.trim();
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    await page.goto(`${origin}/parametres`);
    expect(await page.locator('[data-secret]').count()).toBe(0);
    const other = await watchedPage(browser, origin);
    try {
      await signIn({ email: 'new@example.com', password }, other.page);
      await other.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    } finally {
      await other.context.close();
    }
  });

  it('has no serious or critical accessibility violation on any page built', async () => {
    const { page } = watched;
    const violations: Record<string, unknown> = {};
    await page.goto(`${origin}/connexion`);
    violations['/connexion'] = await accessibilityViolations(page);
    await signIn(admin);
    for (const path of [
      '/',
      '/campagnes',
      '/automatisations',
      '/segments',
      '/modeles',
      '/contacts',
      '/reclamations',
      '/boite-d-envoi',
      '/parametres',
    ]) {
      await page.goto(`${origin}${path}`);
      violations[path] = await accessibilityViolations(page);
    }
    for (const width of [768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${origin}/parametres`);
      violations[`/parametres at ${width} px`] = await accessibilityViolations(page);
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
  });
});
