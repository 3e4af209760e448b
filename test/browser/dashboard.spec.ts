import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AutomationsService } from '../../src/automations/automations.service';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { CampaignsService } from '../../src/campaigns/campaigns.service';
import { LaunchCampaign } from '../../src/campaigns/launch-campaign.use-case';
import { ComplaintIntakeService } from '../../src/complaints/complaint-intake.service';
import { addDays, localDate, startOfDay } from '../../src/contacts/normalisation/calendar';
import { relanceConfig, type RelanceConfigType } from '../../src/core/config/relance-config';
import { formatFigure } from '../../src/console/dashboard/dashboard-kpis';
import { monthLabel } from '../../src/console/dashboard/dashboard-trends';
import { formatNumber } from '../../src/console/shell/french-format';
import { DEMO_SENDER } from '../../src/demo/demo-campaigns';
import { calendarBounds } from '../../src/reports/calendar-periods';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
const DAY = 86_400_000;

/** Each card's figure and how it is shown (the page's own formatter is checked by the unit specs). */
const MEASURES = {
  retention_rate: 'rate',
  attrition_rate: 'rate',
  complaint_rate: 'rate',
  loss_rate: 'rate',
  nps: 'score',
  revenue: 'money',
  average_basket: 'money',
  purchase_frequency: 'ratio',
} as const;

interface ShownCard {
  key: keyof typeof MEASURES;
  raw: number | null;
  text: string;
  before: string[];
}

function cardsOf(page: Page): Promise<ShownCard[]> {
  return page.locator('article.kpi-card').evaluateAll((cards): ShownCard[] =>
    cards.map((card) => {
      const value = card.querySelector('[data-kpi]');
      return {
        key: value?.getAttribute('data-kpi') as ShownCard['key'],
        raw: JSON.parse(value?.getAttribute('data-value') ?? 'null') as number | null,
        text: value?.textContent?.trim() ?? '',
        before: [...card.querySelectorAll('[data-before]')].map((node) => node.textContent?.trim() ?? ''),
      };
    }),
  );
}

/** The page shows `relance kpi --json` for its period: every figure, the period before and a year earlier. */
async function expectKpisOfCli(page: Page, from: string, to: string): Promise<Record<string, unknown>> {
  expect(await page.locator('[data-period]').getAttribute('data-period')).toBe(`${from}/${to}`);
  const cli = await runCli('kpi', '--from', from, '--to', to, '--json');
  expect(cli.code).toBe(0);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON document
  const kpi: Record<string, any> = cli.json();
  const shown = await cardsOf(page);
  expect(shown.map((card) => card.key)).toEqual(Object.keys(MEASURES));
  for (const card of shown) {
    const measure = MEASURES[card.key];
    expect({ key: card.key, raw: card.raw }).toEqual({ key: card.key, raw: kpi[card.key] });
    expect({ key: card.key, text: card.text }).toEqual({
      key: card.key,
      text: formatFigure(measure, kpi[card.key], kpi.currency),
    });
    expect({ key: card.key, before: card.before }).toEqual({
      key: card.key,
      before: [
        formatFigure(measure, kpi.previous_period[card.key], kpi.currency),
        formatFigure(measure, kpi.year_on_year[card.key], kpi.currency),
      ],
    });
  }
  const nps = page.locator('article.kpi-card', { has: page.locator('[data-kpi="nps"]') });
  await expect(nps.locator('.kpi-detail').textContent()).resolves.toContain(`${formatNumber(kpi.promoters)} promoteur`);
  return kpi;
}

describe('Tableau de bord in Chromium, on the demo company', () => {
  let fixture: ConsoleFixture;
  let campaignId: string;
  let automationId: string;
  let today: string;
  const references: Record<'overdue' | 'today', string> = { overdue: '', today: '' };

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const app = fixture.app;
    const config = app.get<RelanceConfigType>(relanceConfig.KEY);
    const now = new Date();
    today = localDate(now, config.defaultTimezone);
    // A campaign sending now (no worker runs in the test server: its messages wait until the test sends them).
    const winback = { channel: 'email', template: 'templates/email/winback.mjml' };
    campaignId = (
      await app.get(CampaignsService).create({
        name: `${HOSTILE} Relance d'hiver`,
        objective: 'reactivation',
        segment: { all: [{ field: 'country', op: 'eq', value: 'MA' }] },
        steps: [winback, { ...winback, delay_days: 7, only_non_responders: true }],
        sender: DEMO_SENDER,
        holdout_percent: 10,
        costs: { fixed: 100, per_message: { email: 0.02 }, currency: 'MAD' },
        data: { voucher_amount: '200', voucher_ends_on: addDays(today, 60) },
      })
    ).id;
    await app.get(LaunchCampaign).execute(campaignId);
    automationId = (
      await app.get(AutomationsService).save({
        name: `Anniversaire ${HOSTILE}`,
        trigger: { type: 'birthday', local_time: '09:30' },
        channel: 'email',
        template: 'templates/email/birthday.mjml',
        sender: DEMO_SENDER,
        data: { gift_amount: 100 },
      })
    ).id;
    // One complaint past its due date, one due before tonight.
    const db = app.get(DataSource);
    const [client]: Array<{ external_id: string }> = await db.query(
      `SELECT external_id FROM contacts WHERE email IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const tonight = startOfDay(addDays(today, 1), config.defaultTimezone).getTime();
    for (const [key, due] of [
      ['overdue', new Date(now.getTime() - 2 * DAY)],
      ['today', new Date(now.getTime() + (tonight - now.getTime()) / 2)],
    ] as const) {
      const { reference } = await app.get(ComplaintIntakeService).receive({
        contact: { external_id: client.external_id },
        channel: 'email',
        receivedAt: new Date(now.getTime() - 10 * DAY),
        subject: `${HOSTILE} ${key}`,
        description: 'Texte.',
        actor: 'test',
      });
      references[key] = reference;
      await db.query(`UPDATE complaints SET due_at = $2 WHERE reference = $1`, [reference, due]);
    }
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('shows the KPIs of `relance kpi` for the current month by default, to a manager', async () => {
    const watched = await fixture.watched();
    await fixture.signIn(watched.page, fixture.users.manager);
    await watched.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await expectKpisOfCli(watched.page, `${today.slice(0, 7)}-01`, today);
    await checkWatched(watched);
  });

  it('changes the period with the form, and the figures follow', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const lastYear = addDays(today, -365);
    await page.getByLabel('Type de période').selectOption('annee');
    await page.getByLabel(/^Début/).fill(lastYear);
    await Promise.all([page.waitForURL(/periode=annee/), page.getByRole('button', { name: 'Afficher' }).click()]);
    const year = lastYear.slice(0, 4);
    await page.getByRole('heading', { level: 2, name: `Indicateurs : ${year}` }).waitFor();
    const kpi = await expectKpisOfCli(page, `${year}-01-01`, `${year}-12-31`);
    expect(kpi.orders).toBeGreaterThan(1000);
    // A month through the links: the one before this one, as a whole month.
    await Promise.all([page.waitForURL(`${fixture.origin}/`), page.getByRole('link', { name: 'Ce mois-ci' }).click()]);
    await Promise.all([
      page.waitForURL(/periode=mois&debut=/),
      page.getByRole('link', { name: 'Période précédente' }).click(),
    ]);
    const month = calendarBounds('month', addDays(`${today.slice(0, 7)}-01`, -1));
    await expectKpisOfCli(page, month.from, month.to);
    await checkWatched(watched);
  });

  it('shows each trend as a chart with its table behind a toggle, the months equal to `relance kpi` for each', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const month = calendarBounds('month', addDays(`${today.slice(0, 7)}-01`, -1));
    await page.goto(`${fixture.origin}/?periode=mois&debut=${month.from}`);
    const trends = page.locator('section.trend');
    expect(await trends.count()).toBe(4);
    await page.waitForFunction(() => {
      const canvas = (
        globalThis as unknown as { document: { querySelector(s: string): { width: number } | null } }
      ).document.querySelector('#tendance-ca canvas');
      return (canvas?.width ?? 0) > 0;
    });
    const toggle = page.getByRole('button', { name: /Tableau des chiffres : Chiffre d'affaires/ });
    const table = page.locator('#tendance-ca-tableau');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await table.isVisible()).toBe(false);
    await toggle.click();
    expect(await table.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(12);
    const kpi = (await runCli('kpi', '--from', month.from, '--to', month.to, '--json')).json();
    const last = rows.nth(11);
    expect(await last.locator('th').textContent()).toBe(monthLabel(kpi));
    expect(await last.locator('td').first().textContent()).toBe(formatFigure('money', kpi.revenue, kpi.currency));
    await toggle.click();
    expect(await table.isVisible()).toBe(false);
    await checkWatched(watched);
  });

  it('shows the campaign sending now and its progress moving without a reload; a hostile name is text', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const row = page.locator(`tr[data-campaign="${campaignId}"]`);
    await row.waitFor();
    expect(await row.getByRole('link').first().textContent()).toBe(`${HOSTILE} Relance d'hiver`);
    expect(await row.getByRole('link').first().getAttribute('href')).toBe(`/campagnes/${campaignId}`);
    expect(await page.locator('#campagnes-en-cours').getAttribute('data-live')).toBe('oui');
    const queued = Number((await row.locator('[data-figure="queued"]').textContent())?.replace(/\D/g, ''));
    expect(queued).toBeGreaterThan(0);
    expect(await row.locator('[data-figure="sent"]').textContent()).toMatch(/^0/);
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await fixture.app.get(CampaignWaiter).untilDispatched(campaignId, () => undefined);
    // The block refreshes itself, then stops asking once nothing is being sent.
    await page.locator('#campagnes-en-cours[data-live="non"]').waitFor({ timeout: 20_000 });
    const shown = page.locator(`tr[data-campaign="${campaignId}"]`);
    const cli = (await runCli('campaign', 'show', campaignId, '--json')).json();
    const states: Record<string, number> = cli.progress;
    const handedOver = ['sent', 'delivered', 'bounced', 'failed', 'unknown'].reduce((n, s) => n + (states[s] ?? 0), 0);
    expect(handedOver).toBeGreaterThan(0);
    expect(await shown.locator('[data-figure="sent"]').textContent()).toMatch(
      new RegExp(`^${formatNumber(handedOver)}`),
    );
    expect(await shown.locator('[data-figure="queued"]').textContent()).toMatch(/^0/);
    expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await checkWatched(watched);
  });

  it("lists the automations' next seven days and the complaints due, each linking to its page", async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const upcoming = (await runCli('automation', 'upcoming', automationId, '--json')).json();
    const row = page.locator(`tr[data-automation="${automationId}"]`);
    expect(await row.locator('th').textContent()).toBe(`Anniversaire ${HOSTILE}`);
    const figure = row.locator('[data-figure="upcoming"]');
    expect(await figure.getAttribute('href')).toBe(`/automatisations/${automationId}`);
    expect(await figure.textContent()).toMatch(new RegExp(`^${formatNumber(upcoming.total)}`));
    const overdue = (await runCli('complaint', 'list', '--overdue', '--json')).json();
    expect(await page.locator('[data-figure="overdue"]').textContent()).toBe(formatNumber(overdue.length));
    expect(await page.locator('[data-figure="due-today"]').textContent()).toBe('1');
    for (const key of ['overdue', 'today'] as const) {
      const link = page.getByRole('link', { name: references[key], exact: true });
      expect(await link.getAttribute('href')).toBe(`/reclamations/${references[key]}`);
    }
    await page.getByText(`${HOSTILE} overdue`).waitFor();
    await checkWatched(watched);
  });

  it('answers 400 naming a field it cannot read, with the form to correct it', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const response = await page.goto(`${fixture.origin}/?periode=mois&debut=2026-13-01`);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Début : « 2026-13-01 » ne convient pas');
    expect(await page.getByLabel(/^Début/).getAttribute('aria-invalid')).toBe('true');
    await checkWatched(watched, /status of 400/);
  });

  it('passes axe (no serious or critical violation) at 1280 and 768 px, tables open', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    for (const toggle of await page.locator('button[data-toggle-table]').all()) await toggle.click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await accessibilityViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
      return root.documentElement.scrollWidth;
    });
    expect(overflow).toBeLessThanOrEqual(768);
    await checkWatched(watched);
  });
});
