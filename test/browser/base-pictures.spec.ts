import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { formatNumber } from '../../src/console/shell/french-format';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** Rules that do not parse answer 400 (the builder's message), which Chromium logs as a failed load. */
const INVALID = /the server responded with a status of 400/;
const PORTRAIT = '/segments/portrait';

describe('Portrait de la base in Chromium', () => {
  let fixture: ConsoleFixture;
  let db: DataSource;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    db = fixture.app.get(DataSource);
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  async function cliCount(rules: unknown): Promise<number> {
    const file = path.join(fixture.env.home, `rules-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(rules));
    const result = await runCli('segment', 'count', file, '--json');
    if (result.code !== 0) throw new Error(`relance segment count: ${result.stderr}`);
    return result.json<{ count: number }>().count;
  }

  /** The count shown once the live preview has caught up with the rules. */
  async function expectCount(page: Page, expected: number): Promise<void> {
    await page.locator(`[data-segment-count="${expected}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-segment-count]').textContent()).toBe(formatNumber(expected));
  }

  it('shows the 25 cells of the RFM grid, and a cell opens its segment in the builder with the same count as the CLI', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/segments`);
    await Promise.all([
      page.waitForURL(`**${PORTRAIT}`),
      page.getByRole('link', { name: 'Portrait de la base' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Portrait de la base' }).waitFor();
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Segments');

    const cells = page.locator('table.rfm-grid td[data-rfm-cell]');
    expect(await cells.count()).toBe(25);
    expect(await page.locator('table.rfm-grid th[scope="col"]').count()).toBe(5);
    expect(await page.locator('table.rfm-grid th[scope="row"]').count()).toBe(5);
    const counts = (
      await cells.evaluateAll((tds) =>
        tds.map((td) => [td.getAttribute('data-rfm-cell'), td.getAttribute('data-clients')]),
      )
    ).map(([cell, clients]) => ({ cell: String(cell), clients: Number(clients) }));
    const [{ scored }]: Array<{ scored: number }> = await db.query(
      `SELECT count(*)::int AS scored FROM contact_scores s JOIN contacts c ON c.id = s.contact_id AND c.erased_at IS NULL WHERE s.recency_score IS NOT NULL`,
    );
    expect(scored).toBeGreaterThan(100);
    expect(counts.reduce((sum, cell) => sum + cell.clients, 0)).toBe(scored);

    // The fullest cell, opened by its link.
    const chosen = counts.sort((a, b) => b.clients - a.clients)[0];
    const [recency, frequency] = chosen.cell.split('-').map(Number);
    const rules = {
      all: [
        { field: 'rfm.recency', op: 'eq', value: recency },
        { field: 'rfm.frequency', op: 'eq', value: frequency },
      ],
    };
    const link = page.locator(`td[data-rfm-cell="${chosen.cell}"] a`);
    expect(await link.textContent()).toContain(`${formatNumber(chosen.clients)} client`);
    await Promise.all([page.waitForURL(/\/segments\/nouveau\?regles=/), link.click()]);
    await page.getByRole('heading', { level: 1, name: 'Nouveau segment' }).waitFor();
    expect(JSON.parse(await page.getByLabel('Règles (JSON)').inputValue())).toEqual(rules);
    await page.locator('[data-segment-builder] .rule-condition').nth(1).waitFor();
    await expectCount(page, chosen.clients);
    expect(await cliCount(rules)).toBe(chosen.clients);
    await checkWatched(watched);
  });

  it('shows the stages, the tiers and the Pareto sentence, each row opening its segment', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}${PORTRAIT}`);
    const sentence = await page.locator('[data-pareto-sentence] strong').textContent();
    expect(sentence).toMatch(/^\d{1,3},\d\s% des clients font 80\s% du chiffre d'affaires$/);
    expect(await page.locator('#pareto-tableau tbody tr').count()).toBe(10);
    expect(await page.locator('canvas[data-chart]').count()).toBe(3);

    const stages = await page.locator('[data-distribution="etapes"] tbody tr').count();
    expect(stages).toBe(4);
    const decline = page.locator('[data-distribution="etapes"] tr[data-slice="decline"]');
    const declineCount = Number((await decline.locator('td').first().textContent())!.replace(/\s/g, ''));
    await Promise.all([page.waitForURL(/\/segments\/nouveau\?regles=/), decline.getByRole('link').click()]);
    await expectCount(page, declineCount);
    expect(await cliCount({ all: [{ field: 'lifecycle', op: 'eq', value: 'decline' }] })).toBe(declineCount);
    await checkWatched(watched);
  });

  it('lists the silent clients, whose links open their contact page, and their segment', async () => {
    const [{ silent }]: Array<{ silent: number }> = await db.query(
      `SELECT count(*)::int AS silent FROM contact_scores WHERE silent`,
    );
    expect(silent).toBeGreaterThan(0);
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}${PORTRAIT}`);
    expect(await page.locator('[data-silent-count]').getAttribute('data-silent-count')).toBe(String(silent));
    const first = page.locator('tr[data-silent-client]').first();
    const externalId = (await first.getAttribute('data-silent-client'))!;
    await db.query(
      `UPDATE contacts SET civility = NULL, first_name = NULL, company_name = NULL, last_name = $1 WHERE external_id = $2`,
      [HOSTILE, externalId],
    );
    await page.reload();
    expect(await first.getByRole('link').textContent()).toBe(HOSTILE);
    await Promise.all([
      page.waitForURL(`**/contacts/${encodeURIComponent(externalId)}`),
      first.getByRole('link').click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE);

    await page.goto(`${fixture.origin}${PORTRAIT}`);
    await Promise.all([page.waitForURL(/\/segments\/nouveau\?regles=/), page.locator('[data-silent-segment]').click()]);
    await expectCount(page, silent);
    await checkWatched(watched);
  });

  it('shows a French message, not an error page, for rules in the address that do not parse or do not validate', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const broken = await page.goto(`${fixture.origin}/segments/nouveau?regles=${encodeURIComponent('{"all":[')}`);
    expect(broken?.status()).toBe(400);
    expect(await page.locator('[data-segment-problems]').textContent()).toContain('paramètre « regles »');
    expect(await page.getByLabel('Règles (JSON)').inputValue()).toBe('{"all":[');
    const unknown = { all: [{ field: 'rfm.nothing', op: 'eq', value: 1 }] };
    const invalid = await page.goto(
      `${fixture.origin}/segments/nouveau?regles=${encodeURIComponent(JSON.stringify(unknown))}`,
    );
    expect(invalid?.status()).toBe(400);
    expect(await page.locator('[data-problem-path]').count()).toBeGreaterThan(0);
    await checkWatched(watched, INVALID);
  });

  it('has no serious accessibility violation at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(`${fixture.origin}${PORTRAIT}`);
      violations[`at ${width} px`] = await accessibilityViolations(page);
      const overflow = await page.evaluate(() => {
        const root = (
          globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
        ).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect({ width, overflow }).toEqual({ width, overflow: 0 });
    }
    expect(Object.values(violations).flat()).toEqual([]);
    await checkWatched(watched);
  });
});
