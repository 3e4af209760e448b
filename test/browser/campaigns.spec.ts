import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { liftVerdict } from '../../src/console/campaigns/campaign-results-view';
import { formatMoney, formatNumber, formatPercent } from '../../src/console/shell/french-format';
import type { CampaignReport } from '../../src/reports/campaign-report.service';
import { runCli } from '../support/cli';
import { startCliProcess } from '../support/cli-process';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';
import type { WatchedPage } from './browser';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** Refusals the tests ask for: Chromium logs each as a failed load. */
const REFUSED = /the server responded with a status of (400|403|404|409)/;

interface BrowserDocument {
  body: { getAttribute(name: string): string | null; appendChild(node: unknown): void };
  createElement(tag: string): { method: string; action: string; type: string; name: string; value: string } & {
    appendChild(node: unknown): void;
    submit(): void;
  };
}

/** A form posted from the page itself, with the page's CSRF token: what a crafted button would send. */
async function postFromPage(page: Page, action: string): Promise<Response | null> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate((target) => {
      const document = (globalThis as unknown as { document: BrowserDocument }).document;
      const token = (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)[
        'X-CSRF-Token'
      ];
      const form = document.createElement('form');
      form.method = 'post';
      form.action = target;
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = '_csrf';
      input.value = token;
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
    }, action),
  ]);
  return response;
}

async function report(id: string): Promise<CampaignReport> {
  const printed = await runCli('campaign', 'report', id, '--json');
  expect(printed.code).toBe(0);
  return printed.json<CampaignReport>();
}

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

/** A campaign for the tests, created by the CLI: e-mail to the French clients of the demo. */
async function createCampaign(fixture: ConsoleFixture, name: string, extra: Record<string, unknown> = {}) {
  const file = path.join(fixture.env.home, `campaign-${Date.now()}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      name,
      objective: 'sale',
      segment: { all: [{ field: 'country', op: 'eq', value: 'FR' }] },
      channel: 'email',
      template: 'templates/email/winback.mjml',
      sender: {
        name: 'Maison Atlas',
        email: 'bonjour@maison-atlas.ma',
        postal_address: '12 boulevard d’Anfa\n20250 Casablanca',
        place: 'Casablanca',
        signatory_name: 'Salma Berrada',
        signatory_title: 'Directrice de la relation client',
        country: 'MA',
      },
      holdout_percent: 10,
      costs: { fixed: 100, per_message: { email: 0.02 }, currency: 'EUR' },
      data: { voucher_amount: '20', voucher_ends_on: '2030-01-31' },
      ...extra,
    }),
  );
  const created = await runCli('campaign', 'create', file, '--json');
  expect(created.code).toBe(0);
  return created.json<{ id: string }>().id;
}

describe('Campagnes in Chromium', () => {
  let fixture: ConsoleFixture;
  let watched: WatchedPage;
  let allowed: RegExp | undefined;
  const sink = new SmtpSink({ keep: 0 });

  beforeAll(async () => {
    await sink.start();
    fixture = await startConsole({ demo: true });
    expect(fixture.demoReports).toHaveLength(2);
  });

  afterAll(async () => {
    await fixture?.close();
    await sink.stop();
  });

  beforeEach(async () => {
    allowed = undefined;
    watched = await fixture.watched();
  });

  afterEach(async () => {
    await checkWatched(watched, allowed);
  });

  it('lists each demo campaign with the figures of `relance campaign report --json`, filtered by status and objective', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes`);
    await page.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    expect(await page.getByRole('link', { name: 'Rentabilité des opérations' }).getAttribute('href')).toBe(
      '/rentabilite',
    );
    for (const { id } of fixture.demoReports) {
      const expected = await report(id);
      const row = `tr[data-campaign="${id}"]`;
      expect(await text(page, `${row} th a`)).toBe(expected.name);
      expect({
        targeted: await text(page, `${row} [data-figure="targeted"]`),
        sent: await text(page, `${row} [data-figure="sent"]`),
        responders: await text(page, `${row} [data-figure="responders"]`),
        revenue: await text(page, `${row} [data-figure="revenue"]`),
        roi: await text(page, `${row} [data-figure="roi"]`),
        incrementalRoi: await text(page, `${row} [data-figure="incremental-roi"]`),
      }).toEqual({
        targeted: formatNumber(expected.audience.targeted),
        sent: formatNumber(expected.messages.sent),
        responders: formatNumber(expected.responses.responders),
        revenue: formatMoney(expected.revenue, expected.currency),
        roi: formatNumber(expected.roi, 2),
        incrementalRoi: formatNumber(expected.incremental_roi, 2),
      });
      expect(await text(page, `${row} .status`)).toBe('Terminée');
    }
    await page.getByLabel('Statut').selectOption('completed');
    await page.getByLabel('Objectif').selectOption('loyalty');
    await Promise.all([page.waitForURL(/objectif=loyalty/), page.getByRole('button', { name: 'Filtrer' }).click()]);
    expect(new URL(page.url()).search).toBe('?statut=completed&objectif=loyalty');
    const shown = await page
      .locator('tr[data-campaign]')
      .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { campaign: string } }).dataset.campaign));
    const letter = fixture.demoReports.find((r) => r.name.includes('lettre'))!;
    expect(shown).toEqual([letter.id]);
    // A filter the list does not know is named, never a 500.
    allowed = REFUSED;
    const refused = await page.goto(`${fixture.origin}/campagnes?statut=fini`);
    expect(refused?.status()).toBe(400);
    expect(await text(page, '[role="alert"]')).toContain('statut');
  });

  it("shows a demo campaign's page with the report's figures, the incremental ROI first and a verdict on the lift", async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    for (const { id } of fixture.demoReports) {
      const expected = await report(id);
      await page.goto(`${fixture.origin}/campagnes/${id}`);
      expect(await text(page, 'h1')).toBe(expected.name);
      const { treatment, holdout } = expected.conversions;
      expect({
        targeted: await text(page, '.campaign-facts [data-figure="targeted"]'),
        delivered: await text(page, '[data-funnel="Délivrés"]'),
        responders: await text(page, '[data-funnel="Répondants"]'),
        buyers: await text(page, '[data-funnel="Acheteurs"]'),
        treatmentBuyers: await text(page, 'tr[data-group="0"] [data-figure="buyers"]'),
        holdoutBuyers: await text(page, 'tr[data-group="1"] [data-figure="buyers"]'),
        revenue: await text(page, '.campaign-money [data-figure="revenue"]'),
        cost: await text(page, '.campaign-money [data-figure="cost"]'),
        profit: await text(page, '.campaign-money [data-figure="profit"]'),
        roi: await text(page, '.campaign-money [data-figure="roi"]'),
        incrementalProfit: await text(page, '[data-figure="incremental-profit"]'),
        incrementalRoi: await text(page, '[data-figure="incremental-roi"]'),
        lift: await text(page, '[data-figure="lift"]'),
        interval: await text(page, '[data-figure="lift-interval"]'),
        verdict: await page.locator('[data-verdict]').getAttribute('data-verdict'),
      }).toEqual({
        targeted: formatNumber(expected.audience.targeted),
        delivered: formatNumber(expected.messages.delivered),
        responders: formatNumber(expected.responses.responders),
        buyers: formatNumber(treatment.buyers),
        treatmentBuyers: formatNumber(treatment.buyers),
        holdoutBuyers: formatNumber(holdout.buyers),
        revenue: formatMoney(expected.revenue, expected.currency),
        cost: formatMoney(expected.cost, expected.currency),
        profit: formatMoney(expected.profit, expected.currency),
        roi: formatNumber(expected.roi, 2),
        incrementalProfit: formatMoney(expected.incremental_profit, expected.currency),
        incrementalRoi: formatNumber(expected.incremental_roi, 2),
        lift: formatPercent(expected.lift),
        interval:
          expected.lift_confidence.low === null
            ? '–'
            : `de ${formatPercent(expected.lift_confidence.low)} à ${formatPercent(expected.lift_confidence.high)}`,
        verdict: liftVerdict(expected),
      });
      const verdict = await text(page, '[data-verdict]');
      if (!expected.lift_confidence.significant) expect(verdict).not.toContain('fiable');
      // With a control group, the incremental figures come before the attributed ones, and the page says why they differ.
      const incrementalFirst = await page.evaluate(() => {
        const document = (
          globalThis as unknown as {
            document: { querySelector(s: string): { compareDocumentPosition(o: unknown): number } };
          }
        ).document;
        const incremental = document.querySelector('[data-figure="incremental-roi"]');
        const attributed = document.querySelector('.campaign-money [data-figure="roi"]');
        return (incremental.compareDocumentPosition(attributed) & 4) !== 0;
      });
      expect(incrementalFirst).toBe(true);
      const explanation = await text(page, '.campaign-money .explain');
      if (holdout.revenue > 0) expect(explanation).toContain('achètent de toute façon');
      else expect(explanation).toContain("n'a rien acheté");
      expect(await page.getByRole('link', { name: 'Les envois, un par un' }).getAttribute('href')).toBe(
        `/campagnes/${id}/envois`,
      );
      expect(await page.getByRole('link', { name: 'Bilan de campagne (PDF)' }).getAttribute('href')).toBe(
        `/campagnes/${id}/bilan.pdf`,
      );
      // Finished: the progress block does not poll, and a manager has no button.
      expect(await page.locator('#progression').getAttribute('hx-trigger')).toBeNull();
      expect(await page.locator('.campaign-actions').count()).toBe(0);
      // The chart of the funnel was drawn by Chart.js (the bundle ran), its figures beside it.
      await page.waitForFunction(() =>
        Boolean(
          (
            globalThis as unknown as { document: { querySelector(s: string): { width: number } | null } }
          ).document.querySelector('canvas[data-chart]')?.width,
        ),
      );
    }
  });

  it("moves a running campaign's progress without reload; a marketer pauses and resumes it, named in the history", async () => {
    const { page } = watched;
    const id = await createCampaign(fixture, HOSTILE);
    await fixture.signIn(page, fixture.users.marketer);
    // Sent by a CLI process through a relay at 10 e-mails a second: long enough to watch.
    const sending = startCliProcess(
      ['campaign', 'launch', id, '--wait'],
      { SMTP_URL: sink.url, RELANCE_SMTP_RATE: '10' },
      120_000,
    );
    const campaigns = fixture.app.get(CampaignsService);
    while ((await campaigns.get(id)).status === 'draft') await new Promise((resolve) => setTimeout(resolve, 200));
    await page.goto(`${fixture.origin}/campagnes/${id}`);
    expect(await text(page, 'h1')).toBe(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#progression').getAttribute('hx-trigger')).toBe('every 2s');
    await page.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));
    const sentNow = () => text(page, '[data-progress="sent"]');
    const seen = [await sentNow()];
    for (let change = 0; change < 2; change++) {
      await page.waitForFunction(
        (before) =>
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } } }).document
            .querySelector('[data-progress="sent"]')
            .textContent.trim() !== before,
        seen.at(-1),
        { timeout: 20_000 },
      );
      seen.push(await sentNow());
    }
    expect(new Set(seen).size).toBe(3);
    expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // Pause: asked first, then the page says so, the CLI stops with what is left kept for later.
    await Promise.all([page.waitForURL(/fait=pause/), page.getByRole('button', { name: 'Mettre en pause' }).click()]);
    expect(watched.confirmations).toEqual([expect.stringContaining(`« ${HOSTILE} » en pause`)]);
    expect(await text(page, '[role="status"]')).toContain('Campagne mise en pause');
    expect(await text(page, '.campaign-facts [data-figure="status"]')).toBe('En pause');
    expect(await page.locator('#progression').getAttribute('hx-trigger')).toBeNull();
    const stopped = await sending.ended;
    expect({ code: stopped.code, paused: /paused/.test(stopped.stderr) }).toEqual({ code: 1, paused: true });
    expect(Number((await text(page, '[data-progress="queued"]')).replace(/\D/g, ''))).toBeGreaterThan(0);

    await Promise.all([page.waitForURL(/fait=reprise/), page.getByRole('button', { name: 'Reprendre' }).click()]);
    expect(await text(page, '.campaign-facts [data-figure="status"]')).toBe('En cours');
    const history = await page.locator('section[aria-labelledby="historique-titre"] tbody tr').allTextContents();
    const squeeze = (row: string) => row.replace(/\s+/g, ' ').trim();
    expect(history.map(squeeze).filter((row) => row.includes('Mona Marketer'))).toEqual([
      expect.stringContaining('Statut : en pause'),
      expect.stringContaining('Statut : en cours'),
    ]);

    // The rest goes out (here, in this process); the open page follows, then stops asking once done.
    await page.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/progression')) polls.push(request.url());
    });
    await fixture.app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    await page.locator('[data-progress="status"]', { hasText: 'Terminée' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#progression').getAttribute('hx-trigger')).toBeNull();
    expect(await text(page, '[data-progress="queued"]')).toBe('0');
    expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const asked = polls.length;
    await page.waitForTimeout(4_500);
    expect(polls.length).toBe(asked);
    expect(asked).toBeGreaterThan(0);

    // The list shows the name as text too.
    await page.goto(`${fixture.origin}/campagnes`);
    expect(await text(page, `tr[data-campaign="${id}"] th a`)).toBe(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('gives a manager no button and refuses their post (403); a refused action is the page with why, never a 500', async () => {
    const { page } = watched;
    allowed = REFUSED;
    const scheduled = await createCampaign(fixture, 'Programmée pour plus tard', {
      channel: undefined,
      template: undefined,
      steps: [{ channel: 'email', template: 'templates/email/winback.mjml', send_at: '2030-01-15T09:00:00Z' }],
    });
    expect((await runCli('campaign', 'launch', scheduled, '--json')).json().status).toBe('scheduled');
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes/${scheduled}`);
    expect(await text(page, '.campaign-facts [data-figure="status"]')).toBe('Programmée');
    expect(await page.getByRole('button', { name: /pause|Reprendre|Annuler/ }).count()).toBe(0);
    const forbidden = await postFromPage(page, `/campagnes/${scheduled}/pause`);
    expect(forbidden?.status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    expect((await fixture.app.get(CampaignsService).get(scheduled)).status).toBe('scheduled');

    const other = await fixture.watched();
    try {
      await fixture.signIn(other.page, fixture.users.marketer);
      await other.page.goto(`${fixture.origin}/campagnes/${scheduled}`);
      expect(await other.page.getByRole('button', { name: 'Mettre en pause' }).count()).toBe(1);
      const letter = fixture.demoReports.find((r) => r.name.includes('lettre'))!;
      await other.page.goto(`${fixture.origin}/campagnes/${letter.id}`);
      const refused = await postFromPage(other.page, `/campagnes/${letter.id}/reprise`);
      expect(refused?.status()).toBe(409);
      expect(await text(other.page, 'h1')).toBe(letter.name);
      expect(await text(other.page, '[role="alert"]')).toContain('Action impossible : la campagne est « Terminée »');
      for (const address of ['/campagnes/pas-un-uuid', '/campagnes/00000000-0000-4000-a000-000000000000']) {
        const missing = await other.page.goto(`${fixture.origin}${address}`);
        expect(missing?.status()).toBe(404);
        expect(await text(other.page, 'h1')).toBe('Page introuvable');
      }
    } finally {
      await checkWatched(other, REFUSED);
    }
  });

  it('has no serious or critical accessibility violation and fits the window, at 1280 and 768 px', async () => {
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const letter = fixture.demoReports.find((r) => r.name.includes('lettre'))!;
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of ['/campagnes', `/campagnes/${letter.id}`]) {
        await page.goto(`${fixture.origin}${address}`);
        violations[`${address} at ${width} px`] = await accessibilityViolations(page);
        // Usable at that width: nothing wider than the window (a sideways scroll a keyboard user may not reach).
        const overflow = await page.evaluate(() => {
          const root = (
            globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
          ).document.documentElement;
          return root.scrollWidth - root.clientWidth;
        });
        expect({ address, width, overflow }).toEqual({ address, width, overflow: 0 });
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
  });
});
