import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { formatMoney, formatNumber, formatPercent } from '../../src/console/shell/french-format';
import { runCli } from '../support/cli';
import { accessibilityViolations } from './browser';
import { checkWatched, startConsole, type ConsoleFixture } from './console-fixture';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The installation's time zone in the tests (RELANCE_TIMEZONE unset): the days of the next sends. */
const TIME_ZONE = 'Africa/Casablanca';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

/** A value of the CLI's JSON by its dotted path (`conversions.treatment.buyers`). */
function at(json: Json, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], json);
}

const MONEY =
  /(^|\.)(revenue|cost|gross_margin|profit|incremental_revenue|incremental_profit|cost_per_response|revenue_per_contact)$/;

/** How the page prints a figure of the report: money, a ratio (ROI, lift), a rate in %, or a count. */
function expectedText(report: Json, figure: string): string {
  const value = at(report, figure);
  if (MONEY.test(figure)) return formatMoney(value, report.currency as string);
  if (['roi', 'incremental_roi', 'lift'].includes(figure)) return formatPercent(value);
  // Rates in the JSON are percentages (12.5 for 12,5 %).
  if (figure.startsWith('rates.') || figure.endsWith('.conversion_rate')) return formatPercent((value as number) / 100);
  return formatNumber(value);
}

/** Every `[data-figure]` inside `scope`: its name and the text shown. */
async function figures(page: Page, scope: string): Promise<Array<[string, string]>> {
  const found: Array<[string, string]> = [];
  for (const cell of await page.locator(`${scope} [data-figure]`).all())
    found.push([(await cell.getAttribute('data-figure'))!, (await cell.textContent())!.trim()]);
  return found;
}

async function cli(...args: string[]): Promise<Json> {
  const result = await runCli(...args, '--json');
  if (result.code !== 0) throw new Error(`relance ${args.join(' ')}: ${result.stderr}`);
  return result.json<Json>();
}

function localDate(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

describe('Automatisations in Chromium', () => {
  let fixture: ConsoleFixture;
  const ids: Record<'birthday' | 'winback' | 'hostile', string> = { birthday: '', winback: '', hostile: '' };

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    // The demo creates no automation: two from the library of ready-made ones, and one with a hostile name.
    const library = path.resolve('templates/automations');
    ids.birthday = (await cli('automation', 'create', path.join(library, 'birthday.json'))).id;
    ids.winback = (await cli('automation', 'create', path.join(library, 'winback.json'))).id;
    const hostile = path.join(fixture.env.home, 'hostile.json');
    const birthday = JSON.parse(fs.readFileSync(path.join(library, 'birthday.json'), 'utf8')) as Json;
    fs.writeFileSync(hostile, JSON.stringify({ ...birthday, name: HOSTILE, holdout_percent: 0 }));
    ids.hostile = (await cli('automation', 'create', hostile)).id;
    // One tick now, its messages sent: birthdays of the last two days and the silent clients get theirs.
    await cli('automations', 'run', '--wait');
    await buyAfterTheWinBack();
  }, 180_000);

  /** Some win-back recipients buy (one with the message's code) and answer, one held-out contact buys too. */
  async function buyAfterTheWinBack(): Promise<void> {
    const dataSource = fixture.app.get(DataSource);
    const treated: Array<{ external_id: string; response_code: string }> = await dataSource.query(
      `SELECT c.external_id, d.response_code FROM deliveries d JOIN contacts c ON c.id = d.contact_id
       JOIN automations a ON a.campaign_id = d.campaign_id WHERE a.id = $1 ORDER BY c.external_id LIMIT 3`,
      [ids.winback],
    );
    const [held]: Array<{ external_id: string }> = await dataSource.query(
      `SELECT c.external_id FROM automation_occurrences o JOIN contacts c ON c.id = o.contact_id
       WHERE o.automation_id = $1 AND o.outcome = 'holdout' ORDER BY 1 LIMIT 1`,
      [ids.winback],
    );
    const now = new Date().toISOString();
    const file = path.join(fixture.env.home, 'achats.csv');
    fs.writeFileSync(
      file,
      [
        'external_id,order_id,ordered_at,amount,currency,response_code',
        `${treated[0].external_id},WB-1,${now},420.50,MAD,${treated[0].response_code}`,
        `${treated[1].external_id},WB-2,${now},180,MAD,`,
        `${held.external_id},WB-3,${now},250,MAD,`,
      ].join('\n'),
    );
    expect((await cli('import', 'purchases', file)).inserted).toBe(3);
    await cli('responses', 'record', '--code', treated[2].response_code, '--kind', 'coupon');
  }

  afterAll(async () => {
    await fixture?.close();
  });

  it('lists each automation with its state, its trigger in words, the figures of its report and its next sends', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/automatisations`);
    await page.getByRole('heading', { level: 1, name: 'Automatisations' }).waitFor();
    const listed = (await cli('automation', 'list')) as unknown as Json[];
    expect(await page.locator('tbody tr[data-automation]').count()).toBe(listed.length);
    for (const id of Object.values(ids)) {
      const report = await cli('automation', 'report', id);
      const row = `tr[data-automation="${id}"]`;
      // Counted as of the instant the page counted from.
      const from = (await page.locator(`${row} [data-upcoming-from]`).getAttribute('data-upcoming-from'))!;
      const upcoming = await cli('automation', 'upcoming', id, '--at', from);
      const shown = await figures(page, row);
      expect(shown.map(([figure]) => figure)).toEqual([
        'messages.sent',
        'responses.responders',
        'conversions.treatment.buyers',
        'revenue',
        'roi',
        'upcoming',
      ]);
      for (const [figure, text] of shown)
        expect({ figure, text }).toEqual({
          figure,
          text: figure === 'upcoming' ? formatNumber(upcoming.messages.length) : expectedText(report, figure),
        });
      await expect(page.locator(row).getByText('Active', { exact: true }).count()).resolves.toBe(1);
    }
    const birthday = page.locator(`tr[data-automation="${ids.birthday}"]`);
    expect(await birthday.getByRole('cell').nth(1).textContent()).toBe('chaque anniversaire à 09:30, heure du client');
    const winback = await page.locator(`tr[data-automation="${ids.winback}"]`).getByRole('cell').nth(1).textContent();
    expect(winback).toBe(
      "quand un client cesse d'acheter (sans achat depuis plus de 60 jours et plus de 2 fois son intervalle habituel entre deux achats), à 10:00, heure du client, en 2 relances à 21 jours d'intervalle, la suivante seulement sans réponse ni achat",
    );
    // The hostile name is text: a link saying it, no image in the page.
    expect(await page.getByRole('link', { name: HOSTILE, exact: true }).count()).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
    await checkWatched(watched);
  });

  it("shows an automation's report as `automation report --json` prints it, and its next sends as `automation upcoming`", async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    for (const id of [ids.birthday, ids.winback]) {
      await page.goto(`${fixture.origin}/automatisations/${id}`);
      const report = await cli('automation', 'report', id);
      await page.getByRole('heading', { level: 1, name: report.name as string }).waitFor();
      const shown = await figures(page, 'section.automation-report');
      expect(shown.length).toBeGreaterThan(15);
      for (const [figure, text] of shown)
        expect({ figure, text }).toEqual({ figure, text: expectedText(report, figure) });
      // With contacts in the holdout, the incremental figures come first; before any, the page says so.
      const names = shown.map(([name]) => name);
      const incremental = ['incremental_revenue', 'incremental_profit', 'incremental_roi', 'lift'];
      if (report.conversions.holdout.contacts > 0) expect(names).toEqual(expect.arrayContaining(incremental));
      else {
        expect(names.filter((name) => incremental.includes(name))).toEqual([]);
        await page.getByText('Le groupe témoin ne compte encore personne').waitFor();
      }

      // The same window as the page's: the CLI asked as of the instant the page was made.
      const from = (await page.locator('section[data-upcoming-from]').getAttribute('data-upcoming-from'))!;
      const upcoming = await cli('automation', 'upcoming', id, '--at', from);
      const byDay = new Map<string, string[]>();
      for (const message of upcoming.messages as Json[])
        byDay.set(localDate(message.send_at as string), [
          ...(byDay.get(localDate(message.send_at as string)) ?? []),
          message.external_id as string,
        ]);
      expect(await page.locator('[data-upcoming-total]').textContent()).toContain(
        `${formatNumber(upcoming.messages.length)} messages prévus`,
      );
      const days = await page.locator('tr[data-day]').all();
      expect(days.length).toBeGreaterThanOrEqual(8);
      let counted = 0;
      for (const day of days) {
        const date = (await day.getAttribute('data-day'))!;
        const recipients = byDay.get(date) ?? [];
        counted += recipients.length;
        expect({ date, count: (await day.locator('[data-count]').textContent())!.trim() }).toEqual({
          date,
          count: formatNumber(recipients.length),
        });
        const sample = await Promise.all(
          (await day.locator('[data-recipient]').all()).map((item) => item.getAttribute('data-recipient')),
        );
        expect({ date, sample }).toEqual({ date, sample: recipients.slice(0, 5) });
      }
      expect(counted).toBe(upcoming.messages.length);
    }
    // Something to compare: the tick sent messages, and birthdays come within a week in a base of 1,500.
    const birthday = await cli('automation', 'report', ids.birthday);
    const winback = await cli('automation', 'report', ids.winback);
    expect(birthday.messages.sent + winback.messages.sent).toBeGreaterThan(0);
    // The win-back's silent clients are many: some are in its holdout, and the comparison is shown.
    expect(winback.conversions.holdout.contacts).toBeGreaterThan(0);
    expect(winback.conversions).toMatchObject({
      treatment: { buyers: 2, revenue: 600.5 },
      holdout: { buyers: 1, revenue: 250 },
    });
    expect(winback.responses.responders).toBe(1);
    expect((await cli('automation', 'upcoming', ids.birthday)).messages.length).toBeGreaterThan(0);
    await checkWatched(watched);
  });

  it('a marketer pauses then resumes it, after confirming; the history names them', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/automatisations/${ids.hostile}`);
    await Promise.all([
      page.waitForURL(/\?fait=pause$/),
      page.getByRole('button', { name: 'Mettre en pause' }).click(),
    ]);
    await page.getByText('Automatisation mise en pause').waitFor();
    expect(await page.locator('[data-state]').textContent()).toBe('En pause — mise en pause par un utilisateur');
    let listed = ((await cli('automation', 'list')) as unknown as Json[]).find((a) => a.id === ids.hostile)!;
    expect(listed).toMatchObject({ status: 'paused', status_reason: 'paused by a user' });
    expect((await cli('automation', 'report', ids.hostile)).status).toBe('paused');

    await Promise.all([
      page.waitForURL(/\?fait=reprise$/),
      page.getByRole('button', { name: "Reprendre l'automatisation" }).click(),
    ]);
    await page.getByText('Automatisation reprise').waitFor();
    expect(await page.locator('[data-state]').textContent()).toBe('Active');
    listed = ((await cli('automation', 'list')) as unknown as Json[]).find((a) => a.id === ids.hostile)!;
    expect(listed).toMatchObject({ status: 'active', status_reason: null });

    // Each post was confirmed first, the name in the question as text.
    expect(watched.confirmations).toEqual([
      `Mettre « ${HOSTILE} » en pause ? Rien ne partira jusqu'à sa reprise.`,
      `Reprendre « ${HOSTILE} » ? Les occurrences manquées depuis moins de 48 heures seront envoyées.`,
    ]);
    const history = await Promise.all(
      (await page.locator('section[aria-labelledby="historique"] tbody tr').all()).map(async (row) =>
        (await row.locator('td').allTextContents()).slice(1),
      ),
    );
    expect(history.filter(([what]) => what === 'Mise en pause' || what === 'Reprise')).toEqual([
      ['Mise en pause', 'Mona Marketer'],
      ['Reprise', 'Mona Marketer'],
    ]);
    expect(await page.locator('main img').count()).toBe(0);
    await checkWatched(watched);
  });

  it('a manager sees no button, and a pause posted anyway is refused (403)', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/automatisations/${ids.birthday}`);
    await page.getByRole('heading', { level: 2, name: 'Prochains envois' }).waitFor();
    expect(await page.getByRole('button', { name: /pause|Reprendre/ }).count()).toBe(0);
    expect(await page.locator('form[action*="/automatisations/"]').count()).toBe(0);
    const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const refused = await page.request.post(`${fixture.origin}/automatisations/${ids.birthday}/pause`, {
      form: { _csrf: token! },
      headers: { Origin: fixture.origin },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    expect(((await cli('automation', 'list')) as unknown as Json[]).find((a) => a.id === ids.birthday)).toMatchObject({
      status: 'active',
    });
    await checkWatched(watched);
  });

  it('answers an unknown automation with the 404 page', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    const response = await page.goto(`${fixture.origin}/automatisations/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await checkWatched(watched, /the server responded with a status of 404/);
  });

  it('has no serious or critical accessibility violation, at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of [
        '/automatisations',
        `/automatisations/${ids.birthday}`,
        `/automatisations/${ids.winback}`,
      ]) {
        await page.goto(`${fixture.origin}${address}`);
        violations[`${address} at ${width} px`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched);
  });
});
