import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { formatNumber } from '../../src/console/shell/french-format';
import { SavedSegmentsService } from '../../src/segments/saved-segments.service';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The live count of invalid rules answers 400 (the validator's messages), which Chromium logs as a failed load. */
const INVALID = /the server responded with a status of 400/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

/** What the test builds by clicking: an `any` group inside an `all`, a date condition, an attribute condition. */
const BUILT = {
  all: [
    { field: 'birth_date', op: 'lt', value: '1985-06-15' },
    { field: 'attr.points', op: 'gte', value: 100 },
    {
      any: [
        { field: 'lifecycle', op: 'eq', value: 'retention' },
        { field: 'value_tier', op: 'in', value: ['top', 'core'] },
      ],
    },
  ],
};

describe('Segments in Chromium', () => {
  let fixture: ConsoleFixture;
  let hostileId = '';
  let savedId = '';

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    // The demo imports no custom attribute: give every client loyalty points (some none), as an import would.
    await fixture.app.get(DataSource).query(
      `UPDATE contacts SET attributes = attributes || jsonb_build_object('points', abs(hashtext(external_id)) % 300)
          WHERE abs(hashtext(external_id)) % 5 <> 0`,
    );
    const hostile = await fixture.app
      .get(SavedSegmentsService)
      .create({ name: HOSTILE, description: HOSTILE, rules: { all: [{ field: 'silent', op: 'eq', value: true }] } });
    hostileId = hostile.id;
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
  });

  async function cliJson(...args: string[]): Promise<Json> {
    const result = await runCli(...args, '--json');
    if (result.code !== 0) throw new Error(`relance ${args.join(' ')}: ${result.stderr}`);
    return result.json<Json>();
  }

  /** A saved segment as `relance segment list --json` prints it. */
  async function listed(id: string): Promise<Json | undefined> {
    return ((await cliJson('segment', 'list')) as unknown as Json[]).find((segment) => segment.id === id);
  }

  function rulesFile(rules: unknown): string {
    const file = path.join(fixture.env.home, `rules-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(rules));
    return file;
  }

  const condition = (page: Page, index: number) => page.locator('.rule-condition').nth(index);
  const rootActions = (page: Page) => page.locator('[data-segment-builder] > fieldset > .rule-actions');
  const shownJson = async (page: Page) => JSON.parse(await page.getByLabel('Règles (JSON)').inputValue()) as unknown;

  /** The count shown once the live preview has caught up with the rules (debounced). */
  async function expectCount(page: Page, expected: number): Promise<void> {
    await page.locator(`[data-segment-count="${expected}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-segment-count]').textContent()).toBe(formatNumber(expected));
  }

  it('builds a nested segment by clicking, counts it as the CLI does, saves it and loads it back', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/segments/nouveau`);
    await page.getByRole('heading', { level: 1, name: 'Nouveau segment' }).waitFor();
    await rootActions(page).getByRole('button', { name: 'Ajouter une condition' }).click();
    await condition(page, 0).getByLabel('Champ').selectOption('birth_date');
    await condition(page, 0).getByLabel('Opérateur').selectOption('lt');
    await condition(page, 0).getByLabel('Valeur').fill('1985-06-15');
    await rootActions(page).getByRole('button', { name: 'Ajouter une condition' }).click();
    await condition(page, 1).getByLabel('Champ').selectOption('attr.points');
    await condition(page, 1).getByLabel('Opérateur').selectOption('gte');
    await condition(page, 1).getByLabel('Valeur').fill('100');
    await rootActions(page).getByRole('button', { name: 'Ajouter un groupe' }).click();
    const nested = page.locator('.rule-nested');
    await nested.getByLabel('Les clients qui remplissent').selectOption('any');
    await condition(page, 2).getByLabel('Champ').selectOption('lifecycle');
    await condition(page, 2).getByLabel('Valeur').selectOption('retention');
    await nested.locator('.rule-actions').getByRole('button', { name: 'Ajouter une condition' }).click();
    await condition(page, 3).getByLabel('Champ').selectOption('value_tier');
    await condition(page, 3).getByLabel('Opérateur').selectOption('in');
    await condition(page, 3).getByLabel('cœur').check();
    expect(await shownJson(page)).toEqual(BUILT);

    const file = rulesFile(BUILT);
    const { count } = await cliJson('segment', 'count', file);
    expect(count).toBeGreaterThan(0);
    await expectCount(page, count);
    const preview = await cliJson('segment', 'preview', file);
    for (const channel of ['email', 'sms', 'postal', 'phone'])
      expect(await page.locator(`tr[data-channel="${channel}"] [data-reachable]`).textContent()).toBe(
        formatNumber(preview.breakdown.reachability[channel].reachable),
      );
    expect(await page.locator('.segment-sample tbody tr').count()).toBe(preview.sample.length);

    await page.getByLabel('Nom du segment').fill('Fidèles à points');
    await Promise.all([
      page.waitForURL(/\/segments\/[0-9a-f-]{36}\?fait=enregistre$/),
      page.getByRole('button', { name: 'Enregistrer le segment' }).click(),
    ]);
    savedId = new URL(page.url()).pathname.split('/')[2];
    await page.getByText('Segment enregistré.').waitFor();
    expect((await listed(savedId))?.rules).toEqual(BUILT);

    await page.goto(`${fixture.origin}/segments/${savedId}`);
    await page.locator('.rule-condition').first().waitFor();
    // Exactly the JSON built, keys in the contract's order again (the database keeps them in its own).
    expect(await page.getByLabel('Règles (JSON)').inputValue()).toBe(JSON.stringify(BUILT, null, 2));
    expect(await page.locator('.rule-condition').count()).toBe(4);
    expect(await condition(page, 1).getByLabel('Champ').inputValue()).toBe('attr.points');
    expect(await page.locator('[data-segment-count]').getAttribute('data-segment-count')).toBe(String(count));
    await page.goto(`${fixture.origin}/segments`);
    expect(await page.locator(`tr[data-segment="${savedId}"] [data-figure="count"]`).textContent()).toBe(
      formatNumber(count),
    );
    await checkWatched(watched);
  });

  it('takes pasted JSON into the builder, and puts the validator’s message next to the condition it names', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/segments/nouveau`);
    const pasted = {
      any: [
        { field: 'purchases.total_amount', op: 'between', value: [100, 900.5], window_days: 365 },
        { not: { any: [{ field: 'silent', op: 'eq', value: true }] } },
        { not: { field: 'consent.email', op: 'eq', value: 'withdrawn' } },
      ],
    };
    await page.getByLabel('Règles (JSON)').fill(JSON.stringify(pasted));
    const groups = page.getByLabel('Les clients qui remplissent');
    expect(
      await groups.evaluateAll((selects) => selects.map((s) => (s as unknown as { value: string }).value)),
    ).toEqual(['any', 'none', 'not']);
    expect(await condition(page, 0).getByLabel('de', { exact: true }).inputValue()).toBe('100');
    expect(await condition(page, 0).getByLabel('à', { exact: true }).inputValue()).toBe('900.5');
    expect(
      await condition(page, 0)
        .getByLabel(/derniers jours/)
        .inputValue(),
    ).toBe('365');
    expect(await condition(page, 2).getByLabel('Valeur').inputValue()).toBe('withdrawn');
    expect(await shownJson(page)).toEqual(pasted);
    await expectCount(page, (await cliJson('segment', 'count', rulesFile(pasted))).count);

    await page.getByLabel('Règles (JSON)').fill(
      JSON.stringify({
        all: [
          { field: 'silent', op: 'eq', value: true },
          { field: 'age', op: 'gte', value: 500 },
        ],
      }),
    );
    await condition(page, 1).locator('.rule-problem').waitFor({ timeout: 15_000 });
    expect(await condition(page, 1).locator('.rule-problem').textContent()).toContain('must be from 0 to 150');
    expect(await condition(page, 0).locator('.rule-problem').count()).toBe(0);
    // Saved as is, the form answers 400 with the message, never 500.
    await page.getByLabel('Nom du segment').fill('Centenaires');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/segments')),
      page.getByRole('button', { name: 'Enregistrer le segment' }).click(),
    ]);
    expect(answer.status()).toBe(400);
    await page.locator('.rule-condition').nth(1).locator('.rule-problem').waitFor();
    await checkWatched(watched, INVALID);
  });

  it('shows a hostile name as text, and refuses a manager’s save', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/segments`);
    expect(await page.getByRole('link', { name: HOSTILE, exact: true }).count()).toBe(1);
    await page.goto(`${fixture.origin}/segments/${hostileId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Enregistrer le segment' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Supprimer le segment' }).count()).toBe(0);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const statuses = await page.evaluate(
      async ([id, token]) => {
        const post = (url: string, body: Record<string, string>) =>
          fetch(url, { method: 'POST', body: new URLSearchParams({ _csrf: token, ...body }) }).then((r) => r.status);
        return [
          await post('/segments', { name: 'Par un responsable', rules: '{"all":[]}' }),
          await post(`/segments/${id}`, { name: 'Renommé', rules: '{"all":[]}' }),
          await post(`/segments/${id}/suppression`, {}),
        ];
      },
      [hostileId, token],
    );
    expect(statuses).toEqual([403, 403, 403]);
    expect((await listed(hostileId))?.name).toBe(HOSTILE);
    await checkWatched(watched, EXPECTED_REFUSAL);
  });

  it('lets a marketer delete a segment', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/segments/${hostileId}`);
    await Promise.all([
      page.waitForURL(/\/segments\?fait=supprime$/),
      page.getByRole('button', { name: 'Supprimer le segment' }).click(),
    ]);
    expect(watched.confirmations).toHaveLength(1);
    expect(await page.getByRole('link', { name: HOSTILE, exact: true }).count()).toBe(0);
    await checkWatched(watched);
  });

  it('has no serious accessibility violation at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of ['/segments', `/segments/${savedId}`, '/segments/nouveau']) {
        await page.goto(`${fixture.origin}${address}`);
        await page.locator('[data-segment-builder] fieldset, table.segments').first().waitFor();
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
    expect(Object.values(violations).flat()).toEqual([]);
    await checkWatched(watched);
  });
});
