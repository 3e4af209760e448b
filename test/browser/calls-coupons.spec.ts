import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { ImportService } from '../../src/imports/import.service';
import { SENDER } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { accessibilityViolations } from './browser';
import { checkWatched, EXPECTED_REFUSAL, startConsole, type ConsoleFixture } from './console-fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read untyped
type Json = Record<string, any>;

const HOSTILE = '<img src=x onerror=alert(1)>';
const DAY = 86_400_000;

async function cli(...args: string[]): Promise<Json> {
  const result = await runCli(...args, '--json');
  if (result.code !== 0) throw new Error(result.stderr);
  return result.json();
}

async function typeCoupon(page: Page, code: string): Promise<void> {
  await page.getByLabel('Code réponse du coupon').fill(code);
  await Promise.all([page.waitForURL(/code=/), page.getByLabel('Code réponse du coupon').press('Enter')]);
}

describe('Appels and Coupons in Chromium (demo company)', () => {
  let fixture: ConsoleFixture;
  let letterId: string;
  let callsId: string;

  beforeAll(async () => {
    fixture = await startConsole({ demo: true });
    const contacts = ['external_id,first_name,last_name,email,phone,address_line1,postal_code,city,country'];
    contacts.push(`APP1,Yasmine,Alaoui,yasmine@example.com,0661000001,5 rue Ibn Battouta,20250,Casablanca,MA`);
    contacts.push(`APP2,"${HOSTILE}",Bennani,hostile@example.com,0661000002,5 rue Ibn Battouta,20250,Casablanca,MA`);
    contacts.push(`APP3,Omar,Tazi,omar@example.com,0661000003,5 rue Ibn Battouta,20250,Casablanca,MA`);
    const consents = ['external_id,channel,status,method,source,collected_at,wording'];
    for (const id of ['APP1', 'APP2', 'APP3'])
      consents.push(`${id},phone,granted,checkbox,site web,2026-01-10T09:00:00Z,J'accepte d'être appelé`);
    const imports = fixture.app.get(ImportService);
    await imports.importFile('contacts', writeFile(fixture.env.home, 'callers.csv', contacts.join('\n')));
    await imports.importFile('consents', writeFile(fixture.env.home, 'callers-consents.csv', consents.join('\n')));
    const file = writeFile(
      fixture.env.home,
      'calls.json',
      JSON.stringify({
        name: 'Appels de reconquête',
        objective: 'reactivation',
        segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'APP' }] },
        channel: 'phone',
        template: 'templates/phone/winback.hbs',
        sender: SENDER,
        costs: { fixed: 0, per_message: { phone: 12 }, currency: 'MAD' },
        data: { voucher_amount: '200', voucher_ends_on: '2027-01-31' },
      }),
    );
    callsId = (await cli('campaign', 'create', file)).id;
    await cli('campaign', 'launch', callsId, '--wait');
    letterId = fixture.demoReports.find((r) => r.by_channel.letter)!.id;
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('takes a pile of ten coupons (one wrong, one twice): the campaign gains eight responses', async () => {
    const db = fixture.app.get(DataSource);
    const listed = await cli('campaign', 'deliveries', letterId);
    const codes: string[] = (listed.deliveries ?? listed).map((d: Json) => d.response_code);
    // Letters whose client has not answered this campaign yet.
    const answered = new Set(
      (
        await db.query(
          `SELECT d.response_code FROM deliveries d JOIN responses r ON r.contact_id = d.contact_id AND r.campaign_id = d.campaign_id
           WHERE d.campaign_id = $1`,
          [letterId],
        )
      ).map((r: Json) => r.response_code),
    );
    const fresh = codes.filter((code) => !answered.has(code)).slice(0, 8);
    expect(fresh).toHaveLength(8);
    const before = (await cli('campaign', 'report', letterId)).responses;
    // One of the pile belongs to a client with a hostile name: shown as text.
    await db.query(
      `UPDATE contacts SET first_name = $2, last_name = NULL
       WHERE id = (SELECT contact_id FROM deliveries WHERE response_code = $1)`,
      [fresh[3], HOSTILE],
    );

    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/coupons`);
    expect(await page.locator('#coupon-code:focus').count()).toBe(1);
    const pile = [...fresh.slice(0, 4), 'ZZZZ-0000', ...fresh.slice(4), fresh[1]];
    for (const [index, code] of pile.entries()) {
      await typeCoupon(page, index === 0 ? code.toLowerCase() : code);
      if (code === 'ZZZZ-0000' || index === pile.length - 1) {
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toMatch(code === 'ZZZZ-0000' ? /code réponse/ : /déjà enregistré/);
        expect(await page.getByRole('button', { name: 'Enregistrer le coupon' }).count()).toBe(0);
        continue;
      }
      await page.getByRole('heading', { level: 2, name: /^Coupon de / }).waitFor();
      expect(await page.locator('.coupon-card').textContent()).toContain('Soirée privée');
      if (index === 0) await page.locator('#coupon-box_1').check();
      if (index === 2) await page.getByLabel('Je ne souhaite plus recevoir de courrier').check();
      if (code === fresh[3]) {
        await page.getByRole('heading', { level: 2, name: `Coupon de ${HOSTILE}` }).waitFor();
        expect(await page.locator('main img').count()).toBe(0);
      }
      await Promise.all([
        page.waitForURL(/fait=/),
        page.getByRole('button', { name: 'Enregistrer le coupon' }).click(),
      ]);
      await page.getByRole('status').waitFor();
    }
    const after = (await cli('campaign', 'report', letterId)).responses;
    expect(after.coupons - before.coupons).toBe(8);
    expect(after.responders - before.responders).toBe(8);
    const [optOut] = await db.query(
      `SELECT e.method, e.source FROM consent_events e JOIN deliveries d ON d.contact_id = e.contact_id
       WHERE d.response_code = $1 AND e.channel = 'postal' AND e.status = 'withdrawn'`,
      [fresh[2]],
    );
    expect(optOut).toMatchObject({ method: 'paper_form', source: 'reply-coupon' });
    await checkWatched(watched, /the server responded with a status of (400|404|409)/);
  });

  it('works three calls: an appointment, a call-back date, documentation — the follow-ups are planned', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    await page.goto(`${fixture.origin}/appels`);
    await page.getByRole('link', { name: /Ouvrir la liste Appels de reconquête/ }).click();
    await page.getByRole('heading', { level: 2, name: /^À appeler : / }).waitFor();
    const outcomes: Array<{ button: string; date?: string }> = [
      { button: 'Rendez-vous', date: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10) },
      { button: 'Rappeler le', date: new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10) },
      { button: 'Documentation à envoyer' },
    ];
    const outbox = path.join(fixture.env.home, 'outbox');
    const emails = () => (fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).length : 0);
    const emailsBefore = emails();
    // A call-back without its day: refused, the field named, the same client still on screen.
    const first = await page.getByRole('heading', { level: 2, name: /^À appeler : / }).textContent();
    await page.getByLabel('Note').fill('rappeler sans date');
    const refused = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Rappeler le' }).click(),
    ]);
    expect(refused[0].status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toMatch(/La date est obligatoire/);
    expect(await page.getByLabel('Note').inputValue()).toBe('rappeler sans date');
    expect(await page.getByRole('heading', { level: 2, name: /^À appeler : / }).textContent()).toBe(first);
    const called: string[] = [];
    for (const outcome of outcomes) {
      const heading = await page.getByRole('heading', { level: 2, name: /^À appeler : / }).textContent();
      called.push(heading!.replace('À appeler : ', ''));
      await page.getByRole('heading', { name: 'Script (plan CROC)' }).waitFor();
      if (outcome.date) await page.getByLabel('Date du rendez-vous ou du rappel').fill(outcome.date);
      await page.getByLabel('Note').fill(`note ${outcome.button}`);
      await Promise.all([page.waitForURL(/fait=/), page.getByRole('button', { name: outcome.button }).click()]);
      await page.getByRole('status').waitFor();
    }
    expect(called).toContain(`${HOSTILE} Bennani`);
    expect(called[0]).toBe(first!.replace('À appeler : ', ''));
    expect(new Set(called).size).toBe(3);
    expect(await page.locator('main img').count()).toBe(0);
    await page.getByText("Personne à appeler pour l'instant").waitFor();

    const db = fixture.app.get(DataSource);
    const queue = await db.query(
      `SELECT last_outcome, done, due_at FROM call_queue WHERE campaign_id = $1 ORDER BY last_outcome`,
      [callsId],
    );
    expect(queue.map((q: Json) => [q.last_outcome, q.done])).toEqual([
      ['appointment', true],
      ['callback', false],
      ['documentation', false],
    ]);
    // The call-back is due on the day chosen (its start in the installation's time zone).
    const callbackDue = new Date(queue[1].due_at).getTime() - new Date(`${outcomes[1].date}T00:00:00Z`).getTime();
    expect(Math.abs(callbackDue)).toBeLessThanOrEqual(14 * 3_600_000);
    const followUpDays = (new Date(queue[2].due_at).getTime() - Date.now()) / DAY;
    expect(followUpDays).toBeGreaterThan(6.9);
    expect(followUpDays).toBeLessThan(8.1);
    const report = await cli('campaign', 'report', callsId);
    expect(report.responses).toMatchObject({ calls_positive: 1, responders: 1 });
    // Every caller has an e-mail address: once a worker sends them, both messages are in the outbox.
    const serviceCampaigns: Array<{ id: string }> = await db.query(`SELECT id FROM campaigns WHERE kind = 'service'`);
    for (const { id } of serviceCampaigns) await fixture.app.get(CampaignWaiter).untilDispatched(id, () => undefined);
    expect(emails()).toBe(emailsBefore + 2);
    const services = await db.query(
      `SELECT s.template, d.state FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
       JOIN campaigns c ON c.id = d.campaign_id WHERE c.kind = 'service' ORDER BY s.template`,
    );
    expect(services.map((s: Json) => s.template)).toEqual([
      'templates/email/appointment-confirmation.mjml',
      'templates/email/call-documentation.mjml',
    ]);
    await checkWatched(watched, /the server responded with a status of 400/);
  });

  it('refuses a manager: no outcome buttons, no coupon form, and a post is 403', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.manager);
    await page.goto(`${fixture.origin}/appels/${callsId}`);
    await page.getByText("Votre rôle permet de consulter les listes d'appels").waitFor();
    expect(await page.getByRole('button', { name: 'Refus' }).count()).toBe(0);
    expect((await page.goto(`${fixture.origin}/appels/pas-une-liste`))?.status()).toBe(404);
    await page.goto(`${fixture.origin}/coupons`);
    const token = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const refused = await page.request.post(`${fixture.origin}/coupons/ABCD-EFGH`, {
      form: { _csrf: token!, box_1: 'on' },
      headers: { Origin: fixture.origin },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    const call = await page.request.post(`${fixture.origin}/appels/${callsId}/1`, {
      form: { _csrf: token!, outcome: 'refused' },
      headers: { Origin: fixture.origin },
      maxRedirects: 0,
    });
    expect(call.status()).toBe(403);
    await checkWatched(watched, new RegExp(`${EXPECTED_REFUSAL.source}|status of 404`));
  });

  it('has no serious or critical accessibility violation, at 1280 and 768 px', async () => {
    const watched = await fixture.watched();
    const { page } = watched;
    await fixture.signIn(page, fixture.users.marketer);
    const violations: Record<string, unknown> = {};
    const listed = await cli('campaign', 'deliveries', letterId);
    const code: string = (listed.deliveries ?? listed)[0].response_code;
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const address of ['/appels', `/appels/${callsId}`, '/coupons', `/coupons?code=${code}`]) {
        await page.goto(`${fixture.origin}${address}`);
        violations[`${address} at ${width}`] = await accessibilityViolations(page);
      }
    }
    expect(Object.entries(violations).filter(([, found]) => (found as unknown[]).length)).toEqual([]);
    await checkWatched(watched);
  });
});
