import { DataSource } from 'typeorm';
import { formatNumber } from '../../src/core/text/french-figures';
import { runCli } from '../support/cli';
import { pdfPageCount, pdfText } from '../support/pdf-text';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture, type DemoReport } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** What the page shows for a count: French digits, read back as a number. */
const count = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/** A ROI as the bilan writes it (`11,12`), the no-break spaces of French figures as spaces (as pdfText gives them). */
const ratio = (value: number) => formatNumber(value, 2).replace(/[\u00a0\u202f]/g, ' ');

describe('campaign deliveries and bilan in Chromium (demo company)', () => {
  let fixture: ConsoleFixture;
  let report: DemoReport;
  let listed: Array<{ state: string; holdout: boolean }>;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    // The letter campaign: a control group, buyers in both groups, every figure of the bilan.
    report = fixture.demoReports.find((r) => r.conversions.holdout.contacts > 0 && r.incremental_roi !== null)!;
    // The person of the campaign's first delivery to a person gets a name that would run script if it were not escaped.
    await fixture.app
      .get(DataSource)
      .query(
        `UPDATE contacts SET first_name = $1 WHERE id = (SELECT d.contact_id FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $2 AND c.type = 'person' ORDER BY d.id LIMIT 1)`,
        [HOSTILE, report.id],
      );
    listed = (await runCli('campaign', 'deliveries', report.id, '--json')).json();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('shows the deliveries with the counts of the report and of `campaign deliveries`, and filters by state', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes/${report.id}/envois`);
    const stateCount = (state: string) =>
      page.locator(`table.delivery-states tr[data-state="${state}"] td`).textContent();
    expect(count(await stateCount('delivered'))).toBe(report.messages.delivered);
    expect(count(await stateCount('held_out'))).toBe(report.audience.holdout);
    expect(count(await page.locator('[data-deliveries-total]').textContent())).toBe(
      listed.filter((row) => !row.holdout).length,
    );
    expect(Number(await page.locator('[data-filtered-count]').getAttribute('data-filtered-count'))).toBe(listed.length);
    expect(await page.locator('table.deliveries tbody tr').count()).toBe(Math.min(50, listed.length));

    await page.getByLabel('État', { exact: true }).selectOption('delivered');
    await Promise.all([page.waitForURL(/etat=delivered/), page.getByRole('button', { name: 'Filtrer' }).click()]);
    expect(Number(await page.locator('[data-filtered-count]').getAttribute('data-filtered-count'))).toBe(
      report.messages.delivered,
    );
    const states = await page
      .locator('table.deliveries tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { state: string } }).dataset.state));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['delivered']));
    if (report.messages.delivered > 50) {
      await Promise.all([page.waitForURL(/apres=/), page.getByRole('link', { name: 'Page suivante' }).click()]);
      expect(await page.locator('table.deliveries tbody tr[data-state="delivered"]').count()).toBeGreaterThan(0);
    }
    // The control group alone.
    await page.goto(`${fixture.origin}/campagnes/${report.id}/envois?etat=held_out`);
    expect(await page.locator('table.deliveries tbody tr[data-state="held_out"]').count()).toBe(
      Math.min(50, report.audience.holdout),
    );
    await checkWatched(watched);
  });

  it('exports the CSV with a line per delivery and control-group member, filtered the same way', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const all = await page.request.get(`${fixture.origin}/campagnes/${report.id}/envois.csv`);
    expect(all.status()).toBe(200);
    expect(all.headers()['content-type']).toMatch(/^text\/csv/);
    expect(all.headers()['content-disposition']).toMatch(/^attachment/);
    const lines = (await all.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\ufeffenvoi,étape,canal/);
    expect(lines).toHaveLength(listed.length + 1);
    const delivered = await page.request.get(`${fixture.origin}/campagnes/${report.id}/envois.csv?etat=delivered`);
    expect((await delivered.text()).split('\r\n').filter(Boolean)).toHaveLength(report.messages.delivered + 1);
    // The link of the page downloads the same file.
    await page.goto(`${fixture.origin}/campagnes/${report.id}/envois`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter ces envois en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`envois-campagne-${report.id}.csv`);
    await checkWatched(watched);
  });

  it('serves the bilan de campagne as a PDF carrying the ROI and the incremental ROI of the report', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes/${report.id}/envois`);
    const href = await page.getByRole('link', { name: 'Bilan de campagne (PDF)' }).getAttribute('href');
    const response = await page.request.get(`${fixture.origin}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const pdf = await response.body();
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfText(pdf);
    expect(text).toContain(`ROI incrémental\n${ratio(report.incremental_roi)}`);
    expect(text).toContain(`ROI attribué\n${ratio(report.roi)}`);
    expect(text).toContain(report.name);
    await checkWatched(watched);
  });

  it('shows a contact named like markup as text', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/campagnes/${report.id}/envois`);
    const hostileRow = page.locator('table.deliveries tbody tr', { hasText: HOSTILE });
    expect(await hostileRow.count()).toBe(1);
    expect(await page.locator('table.deliveries img').count()).toBe(0);
    await checkWatched(watched);
  });

  it('refuses a bad filter with a 400 page naming the parameter, and a campaign that does not exist with a 404', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    for (const [query, parameter] of [
      ['?etat=perdu', 'etat'],
      ['?etape=deux', 'etape'],
      ['?apres=abc', 'apres'],
    ]) {
      const refused = await page.goto(`${fixture.origin}/campagnes/${report.id}/envois${query}`);
      expect(refused?.status()).toBe(400);
      await expect(page.locator('main').textContent()).resolves.toContain(`« ${parameter} »`);
    }
    const csv = await page.request.get(`${fixture.origin}/campagnes/${report.id}/envois.csv?etape=0`);
    expect(csv.status()).toBe(400);
    expect(await csv.text()).toContain('« etape »');
    const missing = await page.goto(`${fixture.origin}/campagnes/00000000-0000-4000-a000-000000000000/envois`);
    expect(missing?.status()).toBe(404);
    await checkWatched(watched, /the server responded with a status of (400|404)/);
  });

  it('has no serious or critical accessibility violation at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const violations: Record<string, unknown[]> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${fixture.origin}/campagnes/${report.id}/envois?etat=delivered`);
      violations[`${width} px`] = await accessibilityViolations(page);
    }
    expect(Object.entries(violations).filter(([, found]) => found.length)).toEqual([]);
    await checkWatched(watched, EXPECTED_REFUSAL);
  });
});
