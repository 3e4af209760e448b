import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../../src/core/config/relance-config';
import { formatPostalAddress } from '../../src/templates/letters/postal-address';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** What the tests ask for and get refused (a wrong confirmation, a manager's post). */
const ASKED_FOR = /the server responded with a status of (400|403)/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

async function cli(...args: string[]): Promise<Json> {
  const result = await runCli(...args, '--json');
  if (result.code !== 0) throw new Error(`relance ${args.join(' ')}: ${result.stderr}`);
  return result.json<Json>();
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((text) => text.trim());
}

/** Every contact id listed, page after page (the "Page suivante" link), from the current page. */
async function everyPage(page: Page): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    ids.push(
      ...(await page
        .locator('tr[data-contact]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-contact')!))),
    );
    const next = page.getByRole('link', { name: 'Page suivante' });
    if (!(await next.count())) return ids;
    await Promise.all([page.waitForURL(/apres=/), next.click()]);
  }
}

describe('Contacts in Chromium', () => {
  let fixture: ConsoleFixture;
  /** A demo client with e-mails, purchases and consents. */
  let client: Json;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const file = path.join(fixture.env.home, 'hostile-contact.csv');
    fs.writeFileSync(
      file,
      [
        'external_id,first_name,last_name,email,address_line1,postal_code,city,country',
        `HX-1,${HOSTILE},Tazi,hx1@exemple.ma,5 rue Ibn Battouta,53000,Ifrane,MA`,
        'HX-2,Rania,Bennis,hx2@exemple.ma,7 avenue Hassan II,53000,Ifrane,MA',
      ].join('\n'),
    );
    expect((await runCli('import', 'contacts', file)).code).toBe(0);
    const [chosen]: Json[] = await fixture.app.get(DataSource).query(
      `SELECT c.external_id, c.first_name, c.last_name, c.city FROM contacts c
       WHERE c.type = 'person' AND c.first_name IS NOT NULL
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = c.id AND d.channel = 'email' AND d.sent_at IS NOT NULL)
         AND EXISTS (SELECT 1 FROM consent_events e WHERE e.contact_id = c.id AND e.wording IS NOT NULL)
         AND EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id)
       ORDER BY c.id LIMIT 1`,
    );
    client = chosen;
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('finds a contact by name and by city, and shows their timeline and consent proof as the CLI prints them', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/contacts`);
    await page
      .getByLabel('Nom, e-mail, téléphone, n° client ou ville')
      .fill(`${client.first_name} ${client.last_name}`);
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Chercher' }).click()]);
    expect(await texts(page, 'tr[data-contact] td:nth-of-type(1)')).toContain(client.external_id);

    await page.goto(`${fixture.origin}/contacts?q=${encodeURIComponent(client.city as string)}`);
    const cities = await texts(page, 'tr[data-contact] td:nth-of-type(5)');
    expect(cities.length).toBeGreaterThan(0);
    for (const city of cities) expect(city.toLowerCase()).toContain((client.city as string).toLowerCase());

    await page.goto(`${fixture.origin}/contacts?q=${encodeURIComponent(`${client.first_name} ${client.last_name}`)}`);
    await Promise.all([
      page.waitForURL(/\/contacts\/.+/),
      page.locator(`tr[data-contact="${client.external_id}"] a`).click(),
    ]);
    const exported = await cli('contact', 'export', client.external_id as string);
    const shown = await cli('contact', 'show', client.external_id as string);
    const consent = await cli('consent', 'show', client.external_id as string);
    expect(exported.contact).toEqual(shown);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('[data-contact-id]').textContent()).toBe(client.external_id);

    // The envelope: the letter formatter's lines.
    const config = fixture.app.get<RelanceConfigType>(relanceConfig.KEY);
    const country = (config.serviceSender.country ?? config.defaultCountry).toUpperCase();
    expect(await texts(page, '[data-envelope] .envelope-line')).toEqual(formatPostalAddress(shown, country).lines);

    // The timeline: every message, response, purchase, consent, complaint and event, newest first.
    const kinds = await page
      .locator('.timeline li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    const count = (kind: string) => kinds.filter((found) => found === kind).length;
    expect(count('message')).toBe(exported.messages.messages.length);
    expect(count('response')).toBe(exported.messages.responses.length);
    expect(count('purchase')).toBe(exported.purchases.length);
    expect(count('consent')).toBe(exported.consents.length);
    expect(count('complaint')).toBe(exported.complaints.length);
    expect(count('event')).toBe(exported.messages.events.length);
    const times = await page
      .locator('.timeline time')
      .evaluateAll((items) => items.map((item) => Date.parse(item.getAttribute('datetime'))));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Consent: the latest event of each channel, and the policy's decision now.
    for (const channel of ['email', 'sms', 'phone', 'postal']) {
      const row = page.locator(`tr[data-consent="${channel}"]`);
      const events = (consent.history as Json[]).filter((event) => event.channel === channel);
      const latest = events[events.length - 1];
      if (latest) {
        expect(await row.locator('[data-proof="source"]').textContent()).toBe(latest.source ?? '–');
        expect(await row.locator('[data-proof="wording"]').textContent()).toBe(
          latest.wording ? `« ${latest.wording} »` : '–',
        );
      }
      const decision = (await row.locator('[data-decision]').textContent())!.trim();
      expect(decision.startsWith(consent.decisions[channel].allowed ? 'Oui' : 'Non')).toBe(true);
    }

    // A message written to the outbox opens there.
    const rendered = page.getByRole('link', { name: 'Voir le message envoyé' }).first();
    expect(await rendered.count()).toBe(1);
    await Promise.all([page.waitForURL(/boite-d-envoi\/e-mails\//), rendered.click()]);
    // A manager has no GDPR section.
    await page.goto(`${fixture.origin}/contacts/${client.external_id}`);
    expect(await page.locator('#rgpd').count()).toBe(0);
    await checkWatched(watched);
  });

  it('filters as a segment does, page after page without repeating anyone', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/contacts`);
    await page.getByLabel('Clients ou prospects').selectOption('client');
    await page.getByLabel('Consentement E-mail').selectOption('granted');
    await Promise.all([page.waitForURL(/statut=client/), page.getByRole('button', { name: 'Chercher' }).click()]);
    const listed = await everyPage(page);
    const rules = path.join(fixture.env.home, 'clients-email.json');
    fs.writeFileSync(
      rules,
      JSON.stringify({
        all: [
          { field: 'purchases.count', op: 'gt', value: 0 },
          { field: 'consent.email', op: 'eq', value: 'granted' },
        ],
      }),
    );
    const { count } = await cli('segment', 'count', rules);
    expect(count).toBeGreaterThan(50);
    expect(listed.length).toBe(count);
    expect(new Set(listed).size).toBe(count);

    await page.goto(`${fixture.origin}/contacts?type=company&cycle=retention`);
    const companies = await everyPage(page);
    fs.writeFileSync(
      rules,
      JSON.stringify({
        all: [
          { field: 'type', op: 'eq', value: 'company' },
          { field: 'lifecycle', op: 'eq', value: 'retention' },
        ],
      }),
    );
    expect(companies.length).toBe((await cli('segment', 'count', rules)).count);

    // An unknown filter value is named, never a server error.
    const refused = await page.goto(`${fixture.origin}/contacts?cycle=bientot`);
    expect(refused?.status()).toBe(400);
    await page.getByText('cycle de vie inconnu « bientot »').waitFor();
    await checkWatched(watched, ASKED_FOR);
  });

  it('shows a hostile name as text in the list and on the page', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/contacts?q=Ifrane`);
    expect(await page.getByRole('link', { name: `${HOSTILE} Tazi`, exact: true }).count()).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
    await page.goto(`${fixture.origin}/contacts/HX-1`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${HOSTILE} Tazi`);
    expect(await page.locator('main img').count()).toBe(0);
    await checkWatched(watched);
  });

  it('lets an admin export and erase a contact after typing the client id, and refuses a manager', async () => {
    const manager = await fixture.watched();
    await fixture.signIn(manager.page, fixture.users.manager);
    await manager.page.goto(`${fixture.origin}/contacts/HX-2`);
    const refused = await manager.page.evaluate(async () => {
      const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'] as string;
      const body = new URLSearchParams({ _csrf: token, confirmation: 'HX-2' });
      const posted = await fetch('/contacts/HX-2/effacement', { method: 'POST', body });
      const exported = await fetch('/contacts/HX-2/export.json');
      return [posted.status, exported.status];
    });
    expect(refused).toEqual([403, 403]);
    await checkWatched(manager, EXPECTED_REFUSAL);
    expect((await runCli('contact', 'show', 'HX-2', '--json')).code).toBe(0);

    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.admin);
    await page.goto(`${fixture.origin}/contacts/HX-2`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter toutes ses données (JSON)' }).click(),
    ]);
    const document = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as Json;
    const exported = await cli('contact', 'export', 'HX-2');
    expect({ ...document, exported_at: null }).toEqual({ ...exported, exported_at: null });

    await page.getByLabel(/Pour confirmer, tapez son n° client/).fill('HX-3');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Effacer définitivement' }).click(),
    ]);
    await page.getByText("Le contact n'a pas été effacé").waitFor();
    expect((await runCli('contact', 'show', 'HX-2', '--json')).code).toBe(0);

    await page.getByLabel(/Pour confirmer, tapez son n° client/).fill('HX-2');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Effacer définitivement' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Contact effacé' }).waitFor();
    expect((await texts(page, '[data-erased] li')).length).toBeGreaterThanOrEqual(4);
    expect((await runCli('contact', 'show', 'HX-2', '--json')).code).not.toBe(0);
    await checkWatched(watched, ASKED_FOR);
  });

  it('has no serious or critical accessibility violation at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.admin);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of [
        '/contacts',
        '/contacts?q=Ifrane&statut=prospect',
        `/contacts/${client.external_id}`,
        '/contacts/HX-1',
      ]) {
        await page.goto(`${fixture.origin}${address}`);
        violations[`${address} at ${width} px`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched);
  });
});
