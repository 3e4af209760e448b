import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { FileOutboxTransport } from '../../src/channels/email/file-outbox-transport';
import { ImportService } from '../../src/imports/import.service';
import { buildMimeMessage, createMimeLayout } from '../../src/templates/email/mime-message';
import { encodeQuotedPrintableSegment } from '../../src/templates/email/quoted-printable';
import { createCampaign, launchAndWait, SENDER } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { startHttp } from '../support/test-app';
import { accessibilityViolations, watchedPage } from './browser';
import { checkWatched, signInThroughForm, startConsole, type ConsoleFixture, type DemoReport } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** A status the test asks for (a forged id, a bad page number) is logged by Chromium as a failed load. */
const ASKED_FOR = /the server responded with a status of (400|404)/;
/** The sandbox at work in the frame of a hostile e-mail: its script is not run, its image not fetched. */
const SANDBOX_REFUSALS = /Blocked script execution|Refused to load the image|Loading the image '[^']*' violates/;

/** Three contacts, one per channel, named to inject markup; with their consents. */
async function seedHostileContacts(fixture: ConsoleFixture): Promise<void> {
  const contacts = ['external_id,civility,first_name,last_name,email,phone,address_line1,postal_code,city,country'];
  const consents = ['external_id,channel,status,method,source,collected_at,wording'];
  for (const [id, channel] of [
    ['HXE1', 'email'],
    ['HXS1', 'sms'],
    ['HXP1', 'phone'],
  ]) {
    contacts.push(
      `${id},Mme,${HOSTILE},Tazi,${id.toLowerCase()}@exemple.ma,+212612345678,5 rue Ibn Battouta,20250,Casablanca,MA`,
    );
    consents.push(`${id},${channel},granted,checkbox,site web,2026-01-10T09:00:00Z,J'accepte`);
  }
  const imports = fixture.app.get(ImportService);
  await imports.importFile('contacts', writeFile(fixture.env.home, 'hostile.csv', contacts.join('\n')));
  await imports.importFile('consents', writeFile(fixture.env.home, 'hostile-consents.csv', consents.join('\n')));
}

async function sendToHostileContacts(fixture: ConsoleFixture): Promise<Record<'email' | 'sms' | 'phone', string>> {
  const segment = (prefix: string) => ({ all: [{ field: 'external_id', op: 'starts_with', value: prefix }] });
  const email = await createCampaign(fixture.app, { name: 'Nouveautés', holdout_percent: 0, segment: segment('HXE') });
  const sms = await createCampaign(fixture.app, {
    name: HOSTILE,
    holdout_percent: 0,
    segment: segment('HXS'),
    channel: 'sms',
    template: 'templates/sms/promotion.hbs',
    data: { promotion_name: HOSTILE, discount_percent: '20', ends_on: '2027-04-12' },
  });
  const phone = await createCampaign(fixture.app, {
    name: 'Appel de reconquête',
    objective: 'reactivation',
    holdout_percent: 0,
    segment: segment('HXP'),
    channel: 'phone',
    template: 'templates/phone/winback.hbs',
    data: { voucher_amount: '200', voucher_ends_on: '2027-01-31' },
  });
  for (const id of [email, sms, phone]) await launchAndWait(fixture.app, id);
  return { email, sms, phone };
}

/** An e-mail that is not one of relance's: its HTML tries to run script and load an image. */
async function writeHostileEmail(home: string): Promise<void> {
  const raw = buildMimeMessage(
    createMimeLayout('hostile'),
    {
      subject: `Piège ${HOSTILE}`,
      text: encodeQuotedPrintableSegment(`Texte ${HOSTILE}`),
      html: encodeQuotedPrintableSegment(
        `<p id="hostile">Corps</p><script>document.body.setAttribute('data-ran', 'yes'); alert('script')</script>${HOSTILE}`,
      ),
    },
    { from: SENDER.email, to: { name: HOSTILE, address: 'piege@exemple.ma' }, messageId: '<piege@exemple.ma>' },
  );
  await new FileOutboxTransport(path.join(home, 'outbox')).send({
    deliveryId: 'piege',
    messageId: '<piege@exemple.ma>',
    from: SENDER.email,
    to: 'piege@exemple.ma',
    raw,
  });
}

async function report(id: string): Promise<DemoReport> {
  const printed = await runCli('campaign', 'report', id, '--json');
  expect(printed.code).toBe(0);
  return printed.json();
}

function manifests(home: string): string[] {
  const root = path.join(home, 'letters');
  return fs
    .readdirSync(root)
    .flatMap((campaign) => fs.readdirSync(path.join(root, campaign)).map((run) => path.join(root, campaign, run)))
    .map((batch) => path.join(batch, 'manifest.csv'));
}

function manifestRows(file: string): number {
  return fs.readFileSync(file, 'utf8').trim().split('\n').length - 1;
}

async function count(page: Page, name: string): Promise<number> {
  return Number((await page.locator(`[data-count="${name}"]`).textContent())!.replace(/\s/g, ''));
}

describe("Boîte d'envoi in Chromium, on the demo's files", () => {
  let fixture: ConsoleFixture;
  let letterReport: DemoReport;
  let emailReport: DemoReport;
  let sent: Record<'email' | 'sms' | 'phone', string>;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    letterReport = fixture.demoReports.find((r) => r.by_channel.letter)!;
    emailReport = fixture.demoReports.find((r) => r.by_channel.email)!;
    await seedHostileContacts(fixture);
    sent = await sendToHostileContacts(fixture);
    await writeHostileEmail(fixture.env.home);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('counts what is on disk and what the campaign reports say was sent', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi`);
    await page.getByRole('heading', { level: 1, name: "Boîte d'envoi" }).waitFor();
    const home = fixture.env.home;
    const emlFiles = fs.readdirSync(path.join(home, 'outbox')).filter((name) => name.endsWith('.eml'));
    expect(await count(page, 'emails')).toBe(emlFiles.length);
    expect(emlFiles.length).toBe(emailReport.messages.sent + (await report(sent.email)).messages.sent + 1);
    expect(await count(page, 'sms')).toBe(
      fs.readFileSync(path.join(home, 'sms.jsonl'), 'utf8').trim().split('\n').length,
    );
    expect(await count(page, 'sms')).toBe((await report(sent.sms)).by_channel.sms.sent);
    expect(await count(page, 'batches')).toBe(manifests(home).length);
    expect(await count(page, 'letters')).toBe(manifests(home).reduce((sum, file) => sum + manifestRows(file), 0));
    expect(await count(page, 'letters')).toBe(letterReport.messages.delivered);
    expect(await count(page, 'calls')).toBe((await report(sent.phone)).by_channel.phone.sent);
    await checkWatched(watched);
  });

  it("lists the e-mails newest first, each with its campaign; the demo's are all there", async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/e-mails`);
    const rows = page.locator('main table tbody tr');
    const campaigns = await rows.locator('td:nth-child(4)').allTextContents();
    expect(campaigns.filter((name) => name.trim() === emailReport.name)).toHaveLength(emailReport.messages.sent);
    // Newest first: the test campaign's e-mail (the highest delivery id), then the demo's; the file
    // that no delivery wrote comes last. Recipients' names are text.
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(`"${HOSTILE} Tazi" <hxe1@exemple.ma>`);
    expect(await rows.last().locator('td').nth(1).textContent()).toBe(`"${HOSTILE}" <piege@exemple.ma>`);
    expect(await page.locator('main img').count()).toBe(0);
    await checkWatched(watched);
  });

  it('opens a demo e-mail: its headers, its HTML in a sandboxed frame served sandboxed, its text', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/e-mails`);
    await page.getByRole('row', { name: emailReport.name }).first().locator('td:nth-child(3) a').click();
    await page.getByRole('heading', { level: 2, name: 'En-têtes' }).waitFor();
    const headers = await page.locator('main table tbody th').allTextContents();
    expect(headers).toEqual(
      expect.arrayContaining(['From', 'To', 'Subject', 'Date', 'Message-ID', 'List-Unsubscribe']),
    );
    const frame = page.locator('iframe.email-body');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const body = await page.request.get(new URL((await frame.getAttribute('src'))!, fixture.origin).toString());
    expect(body.status()).toBe(200);
    expect(body.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none';/);
    expect(body.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(body.headers()['x-frame-options']).toBe('SAMEORIGIN');
    await page.frameLocator('iframe.email-body').getByText('Cela fait plusieurs mois').waitFor();
    expect(await page.locator('pre.email-text').textContent()).toContain('Cela fait plusieurs mois');
    await checkWatched(watched);
  });

  it("shows a hostile e-mail's recipient and subject as text, and its frame runs none of its script", async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/e-mails/piege`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Piège ${HOSTILE}`);
    expect(await page.getByRole('row', { name: /^To/ }).locator('td').textContent()).toBe(
      `"${HOSTILE}" <piege@exemple.ma>`,
    );
    const frame = page.frameLocator('iframe.email-body');
    await frame.locator('#hostile').waitFor();
    expect(await frame.locator('body[data-ran]').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('pre.email-text').textContent()).toBe(`Texte ${HOSTILE}`);
    await checkWatched(watched, SANDBOX_REFUSALS);
  });

  it('answers 404 to a forged or unknown id, 400 naming the field to a bad page number', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const batch = path.relative(path.join(fixture.env.home, 'letters'), path.dirname(manifests(fixture.env.home)[0]));
    const [campaign] = batch.split(path.sep);
    for (const forged of [
      '/boite-d-envoi/e-mails/..%2F..%2Fetc%2Fpasswd',
      '/boite-d-envoi/e-mails/..%2F..%2Fetc%2Fpasswd/corps',
      '/boite-d-envoi/e-mails/999999999',
      `/boite-d-envoi/courriers/${campaign}/..%2F..%2F..%2Fetc`,
      `/boite-d-envoi/courriers/..%2F${campaign}/x/lettres.pdf`,
      '/boite-d-envoi/appels/..%2F..%2Fetc%2Fpasswd',
      '/boite-d-envoi/appels/00000000-0000-4000-8000-000000000000',
      '/boite-d-envoi/e-mails?page=99',
    ]) {
      const answer = await page.goto(`${fixture.origin}${forged}`);
      expect([forged, answer!.status()]).toEqual([forged, 404]);
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    }
    const bad = await page.goto(`${fixture.origin}/boite-d-envoi/sms?page=abc`);
    expect(bad!.status()).toBe(400);
    await page.getByText('Le paramètre « page » doit être un nombre entier').waitFor();
    await checkWatched(watched, ASKED_FOR);
  });

  it("lists the print batches; a batch's manifest has a row per letter delivered, its PDF opens inline", async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/courriers`);
    const row = page.getByRole('row', { name: letterReport.name });
    expect(Number((await row.locator('[data-letters]').textContent())!.replace(/\s/g, ''))).toBe(
      letterReport.messages.delivered,
    );
    const pdfHref = (await row.getByRole('link', { name: /Ouvrir le PDF/ }).getAttribute('href'))!;
    await row.getByRole('link', { name: /Voir le manifeste/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Manifeste' }).waitFor();
    const letters = letterReport.messages.delivered as number;
    expect(Number((await page.locator('dd[data-letters]').textContent())!.replace(/\s/g, ''))).toBe(letters);
    expect(await page.locator('main table tbody tr').count()).toBe(Math.min(50, letters));
    const lastPage = Math.ceil(letters / 50);
    await page.goto(`${page.url()}?page=${lastPage}`);
    expect(await page.locator('main table tbody tr').count()).toBe(letters - (lastPage - 1) * 50);
    const pdf = await page.request.get(`${fixture.origin}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/^inline; filename="lettres-.+\.pdf"$/);
    const onDisk = fs.readFileSync(path.join(path.dirname(manifests(fixture.env.home)[0]), 'letters.pdf'));
    expect((await pdf.body()).equals(onDisk)).toBe(true);
    await checkWatched(watched);
  });

  it('shows the SMS and the call lists as tables, hostile names as text', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/sms`);
    const sms = page.locator('main table tbody tr');
    expect(await sms.count()).toBe((await report(sent.sms)).by_channel.sms.sent);
    expect(await sms.first().locator('td').nth(3).textContent()).toContain(HOSTILE);
    expect((await sms.first().locator('td').nth(4).textContent())!.trim()).toBe(HOSTILE);
    await page.goto(`${fixture.origin}/boite-d-envoi/appels`);
    await page
      .getByRole('row', { name: /Appel de reconquête/ })
      .getByRole('link', { name: /Voir la liste/ })
      .click();
    const calls = page.locator('main table tbody tr');
    expect(await calls.count()).toBe((await report(sent.phone)).by_channel.phone.sent);
    expect(await calls.first().locator('td').nth(2).textContent()).toBe(`${HOSTILE} Tazi`);
    await calls.first().getByText('Script').click();
    await calls.first().locator('pre.call-script').getByText('Prise de contact').waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    await checkWatched(watched);
  });

  it('has no serious or critical accessibility violation at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/boite-d-envoi/courriers`);
    const batch = (await page
      .getByRole('link', { name: /Voir le manifeste/ })
      .first()
      .getAttribute('href'))!;
    await page.goto(`${fixture.origin}/boite-d-envoi/appels`);
    const list = (await page
      .getByRole('link', { name: /Voir la liste/ })
      .first()
      .getAttribute('href'))!;
    const pages = ['', '/e-mails', '/e-mails/piege', '/sms', '/courriers', '/appels'].map((p) => `/boite-d-envoi${p}`);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 900 });
      for (const target of [...pages, batch, list]) {
        await page.goto(`${fixture.origin}${target}`);
        violations[`${target} at ${width} px`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched, SANDBOX_REFUSALS);
  });

  it('is not there when e-mails and SMS go to a relay and a provider: no entry, 404', async () => {
    Object.assign(process.env, { SMTP_URL: 'smtp://127.0.0.1:2525', SMS_URL: 'http://127.0.0.1:9/sms' });
    const app = await startHttp();
    try {
      await app.listen(0, '127.0.0.1');
      const origin = `http://127.0.0.1:${(app.getHttpServer() as { address(): { port: number } }).address().port}`;
      const watched = await watchedPage(fixture.browser, origin);
      const { page } = watched;
      await signInThroughForm(page, origin, fixture.users.manager);
      await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
      expect(await page.getByRole('link', { name: "Boîte d'envoi" }).count()).toBe(0);
      for (const target of ['/boite-d-envoi', '/boite-d-envoi/courriers', '/boite-d-envoi/e-mails/piege']) {
        expect((await page.goto(`${origin}${target}`))!.status()).toBe(404);
        await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
      }
      await checkWatched(watched, ASKED_FOR);
    } finally {
      await app.close();
      delete process.env.SMTP_URL;
      delete process.env.SMS_URL;
    }
  });
});
