import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { formatNumber, formatPercent, MISSING } from '../../src/console/shell/french-format';
import { SENDER } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';

/* eslint-disable @typescript-eslint/no-explicit-any -- the CLI's JSON documents, read untyped */
type Json = Record<string, any>;

/** The cells of a row as the page should print them, from a row (or totals) of `relance report operations --json`. */
function expectedCells(row: Json, totals = false): string[] {
  const amount = (value: number | null) => formatNumber(value, 2);
  const control = totals ? row.with_control_group > 0 : row.control_group;
  return [
    amount(row.cost),
    amount(row.revenue),
    amount(row.gross_margin),
    amount(row.profit),
    formatNumber(row.roi, 2),
    amount(row.incremental_profit),
    formatNumber(row.incremental_roi, 2),
    amount(row.cost_per_response),
    control ? amount(row.incremental_revenue) : MISSING,
    totals ? MISSING : formatPercent(row.lift),
  ];
}

/** Each figure cell's own figure (a lift may carry "non significatif" beneath it). */
async function cellsOf(page: Page, rowSelector: string): Promise<string[]> {
  return page
    .locator(`${rowSelector} td`)
    .evaluateAll((cells) =>
      cells.map((cell) =>
        ((cell as unknown as { childNodes: Array<{ textContent: string }> }).childNodes[0]?.textContent ?? '').trim(),
      ),
    );
}

describe('Rentabilité des opérations in Chromium (demo company)', () => {
  let fixture: ConsoleFixture;
  let hostileId: string;
  let operations: Json;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const file = writeFile(
      fixture.env.home,
      'hostile.json',
      JSON.stringify({
        name: HOSTILE,
        objective: 'sale',
        segment: { all: [{ field: 'external_id', op: 'in', value: ['C00001', 'C00002'] }] },
        channel: 'email',
        template: 'templates/email/new-products.mjml',
        sender: SENDER,
        costs: { fixed: 10, per_message: { email: 0.01 }, currency: 'MAD' },
        data: { collection_name: 'Collection Printemps', launch_date: '2027-03-01' },
      }),
    );
    const created = await runCli('campaign', 'create', file, '--json');
    expect(created.code).toBe(0);
    hostileId = created.json().id;
    expect((await runCli('campaign', 'launch', hostileId, '--wait', '--json')).code).toBe(0);
    const cli = await runCli('report', 'operations', '--json');
    expect(cli.code).toBe(0);
    operations = cli.json();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('shows each demo campaign with the figures of its report, and the whole table of `relance report operations`', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/rentabilite`);
    await page.getByRole('heading', { level: 1, name: 'Rentabilité des opérations' }).waitFor();
    expect(fixture.demoReports.length).toBe(2);
    for (const demo of fixture.demoReports) {
      const report = (await runCli('campaign', 'report', demo.id, '--json')).json();
      const row = `tr:has(a[href="/campagnes/${demo.id}"])`;
      const cells = await cellsOf(page, row);
      expect([cells[0], cells[1], cells[3], cells[4], cells[6]]).toEqual([
        formatNumber(report.cost, 2),
        formatNumber(report.revenue, 2),
        formatNumber(report.profit, 2),
        formatNumber(report.roi, 2),
        formatNumber(report.incremental_roi, 2),
      ]);
      await page.locator(row).getByRole('link', { name: report.name }).waitFor();
    }
    // The demo is in MAD: one table, its rows and totals those of the CLI, in its order.
    expect(operations.tables.map((table: Json) => table.currency)).toEqual(['MAD']);
    const [table] = operations.tables;
    expect(table.operations.map((row: Json) => row.id)).toEqual(
      expect.arrayContaining([...fixture.demoReports.map((demo) => demo.id), hostileId]),
    );
    const hrefs = await page
      .locator('tbody tr th a')
      .evaluateAll((links) =>
        links.map((link) => (link as unknown as { getAttribute(name: string): string }).getAttribute('href')),
      );
    expect(hrefs).toEqual(table.operations.map((row: Json) => `/campagnes/${row.id}`));
    for (const row of table.operations)
      expect(await cellsOf(page, `tr:has(a[href="/campagnes/${row.id}"])`)).toEqual(expectedCells(row));
    expect(await cellsOf(page, 'tfoot tr')).toEqual(expectedCells(table.totals, true));
    await page.getByText(`Total (${table.totals.operations} opérations)`).waitFor();
    await checkWatched(watched);
  });

  it('sorts by a column through links, the other way round on a second click, and refuses an unknown sort with a 400', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/rentabilite`);
    const ids = () =>
      page
        .locator('tbody tr th a')
        .evaluateAll((links) =>
          links.map((link) => (link as unknown as { getAttribute(name: string): string }).getAttribute('href')),
        );
    const byRoi = [...operations.tables[0].operations].sort((a: Json, b: Json) => b.roi - a.roi);
    await Promise.all([
      page.waitForURL(/tri=roi&ordre=desc/),
      page.getByRole('link', { name: 'ROI', exact: true }).click(),
    ]);
    expect(await ids()).toEqual(byRoi.map((row: Json) => `/campagnes/${row.id}`));
    expect(await page.getByRole('columnheader', { name: 'ROI', exact: true }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await Promise.all([
      page.waitForURL(/tri=roi&ordre=asc/),
      page.getByRole('link', { name: 'ROI', exact: true }).click(),
    ]);
    expect(await ids()).toEqual([...byRoi].reverse().map((row: Json) => `/campagnes/${row.id}`));
    const refused = await page.goto(`${fixture.origin}/rentabilite?tri=beaute`);
    expect(refused?.status()).toBe(400);
    await page.getByRole('heading', { level: 1, name: 'Requête incorrecte' }).waitFor();
    await page.getByText('Le paramètre « tri » ne connaît pas « beaute »').waitFor();
    await checkWatched(watched, /the server responded with a status of 400/);
  });

  it('chooses the period with a labelled form, and says when nothing happened in it', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/rentabilite`);
    await page.getByLabel('Du').fill('2020-01-01');
    await page.getByLabel('Au (inclus)').fill('2020-12-31');
    await Promise.all([
      page.waitForURL(/debut=2020-01-01&fin=2020-12-31/),
      page.getByRole('button', { name: 'Afficher' }).click(),
    ]);
    await page.getByText('Aucune campagne lancée ou envoyée').waitFor();
    // This year so far, in one click: the operations `relance report operations` lists for it.
    await Promise.all([
      page.waitForURL(/debut=\d{4}-01-01&fin=/),
      page.getByRole('link', { name: 'Cette année' }).click(),
    ]);
    const asked = new URL(page.url()).searchParams;
    const thisYear = (
      await runCli('report', 'operations', '--from', asked.get('debut')!, '--to', asked.get('fin')!, '--json')
    ).json();
    const shown = await page
      .locator('tbody tr th a')
      .evaluateAll((links) =>
        links.map((link) => (link as unknown as { getAttribute(name: string): string }).getAttribute('href')),
      );
    expect(shown).toEqual(
      thisYear.tables.flatMap((table: Json) => table.operations.map((row: Json) => `/campagnes/${row.id}`)),
    );
    const refused = await page.goto(`${fixture.origin}/rentabilite?debut=2020-02-30`);
    expect(refused?.status()).toBe(400);
    await page.getByText('Le paramètre « debut » doit être une date').waitFor();
    await checkWatched(watched, /the server responded with a status of 400/);
  });

  it('downloads the same rows as CSV as `relance report operations --csv`', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/rentabilite`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le tableau (CSV)' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv).toBe((await runCli('report', 'operations', '--csv')).stdout);
    expect(csv).toContain(`MAD,campaign,${hostileId},<img src=x onerror=alert(1)>,`);
    expect(download.suggestedFilename()).toBe(`rentabilite-${operations.from}-${operations.to}.csv`);
    await checkWatched(watched);
  });

  it('shows a hostile campaign name as text, and has no serious accessibility fault at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/rentabilite?tri=nom`);
    await page.getByRole('link', { name: HOSTILE }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    expect(await accessibilityViolations(page)).toEqual([]);
    await checkWatched(watched);
  });
});
