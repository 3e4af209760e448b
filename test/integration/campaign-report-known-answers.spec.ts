import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ConsentService } from '../../src/consent/consent.service';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { ImportService } from '../../src/imports/import.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { ResponsesService } from '../../src/responses/responses.service';
import { SurveysService } from '../../src/responses/surveys.service';
import { createCampaign, launchAndWait } from '../support/campaign-fixtures';
import { runCli } from '../support/cli';
import { writeFile } from '../support/files';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const DAY = 86_400_000;

/**
 * A campaign built by hand so that every figure of the report can be computed on paper:
 * 22 contacts in the segment (KA00–KA19 with consent, KX0–KX1 without), 20 % held out, one
 * e-mail each (all delivered) sent at the same instant `base`, attribution window 30 days,
 * costs 100 fixed + 0.50 per e-mail, margin rate 0.40, currency MAD. T[i] is the i-th treated
 * contact by external id, H[i] the i-th held-out one.
 */
describe('campaign report: every figure equals a hand computation (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  let id: string;
  let manager: string;
  const sink = new SmtpSink();
  const today = new Date();
  const base = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 90, 8));
  const at = (days: number, hours = 2) => new Date(base.getTime() + days * DAY + hours * 3_600_000);
  const dateOf = (days: number) => at(days).toISOString().slice(0, 10);
  let T: Array<{ external_id: string; contact_id: string; delivery_id: string; code: string }>;
  let H: Array<{ external_id: string }>;

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({ SMTP_URL: sink.url, RELANCE_CAP_7_DAYS: '0', RELANCE_CAP_30_DAYS: '0' });
    app = await startHttp({ http: true, workers: false, scheduler: false });
    db = app.get(DataSource);
    manager = (await app.get(ApiKeyService).create('manager')).key;
    const imports = app.get(ImportService);
    const ids = [...Array.from({ length: 20 }, (_, i) => `KA${String(i).padStart(2, '0')}`), 'KX0', 'KX1', 'KB0'];
    // Even KA contacts in Casablanca-Settat; odd ones in a region named like a spreadsheet formula.
    await imports.importFile(
      'contacts',
      writeFile(
        env.home,
        'contacts.csv',
        [
          'external_id,first_name,last_name,email,region,country',
          ...ids.map(
            (x, i) =>
              `${x},Inès,Client ${x},${x.toLowerCase()}@exemple.ma,${i % 2 ? '=Souss-Massa' : 'Casablanca-Settat'},MA`,
          ),
        ].join('\n'),
      ),
    );
    await imports.importFile(
      'consents',
      writeFile(
        env.home,
        'consents.csv',
        [
          'external_id,channel,status,method,source,collected_at',
          ...ids.filter((x) => !x.startsWith('KX')).map((x) => `${x},email,granted,checkbox,web,2026-01-10T09:00:00Z`),
        ].join('\n'),
      ),
    );
    id = await createCampaign(app, {
      segment: {
        any: [
          { field: 'external_id', op: 'starts_with', value: 'KA' },
          { field: 'external_id', op: 'starts_with', value: 'KX' },
        ],
      },
      holdout_percent: 20,
      attribution_days: 30,
      margin_rate: 0.4,
      costs: { fixed: 100, per_message: { email: 0.5 }, currency: 'MAD' },
    });
    await launchAndWait(app, id);
    // Every message sent at `base`, 90 days ago, so the whole window lies in the past.
    await db.query(`UPDATE deliveries SET sent_at = $2, delivered_at = $2 WHERE campaign_id = $1`, [id, base]);
    T = await db.query(
      `SELECT c.external_id, c.id::text AS contact_id, d.id::text AS delivery_id, d.response_code AS code
       FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id JOIN deliveries d ON d.campaign_id = a.campaign_id AND d.contact_id = a.contact_id
       WHERE a.campaign_id = $1 AND a.audience_group = 'treatment' ORDER BY c.external_id`,
      [id],
    );
    H = await db.query(
      `SELECT c.external_id FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id WHERE a.campaign_id = $1 AND a.audience_group = 'holdout' ORDER BY 1`,
      [id],
    );

    const purchase = (
      who: string,
      order: string,
      days: number,
      amount: number,
      currency = 'MAD',
      code = '',
      hours = 2,
    ) => `${who},${order},${at(days, hours).toISOString()},${amount},${currency},${code}`;
    const summary = await imports.importFile(
      'purchases',
      writeFile(
        env.home,
        'purchases.csv',
        [
          'external_id,order_id,ordered_at,amount,currency,response_code',
          purchase(T[0].external_id, 'O1', 40, 500, 'MAD', T[0].code), // outside the window but with its code: counts
          purchase(T[1].external_id, 'O2', 5, 300), // inside the window: counts
          purchase(T[2].external_id, 'O3', 45, 400), // outside, no code: no
          purchase(T[3].external_id, 'O4', -1, 250), // before the message: no
          purchase(T[4].external_id, 'O5', 3, 100), // inside: counts
          purchase(T[4].external_id, 'O6', 29, 150), // inside (day 29): counts
          purchase(T[5].external_id, 'O7', 5, 999, 'EUR'), // another currency: a conversion, its money listed apart (not converted)
          purchase(T[10].external_id, 'O8', 30, 60, 'MAD', '', 0), // exactly 30 days after: outside (the window excludes its end)
          purchase(H[0].external_id, 'O9', 3, 200), // held out, inside the window: holdout revenue
          purchase(H[1].external_id, 'O10', 50, 80), // held out, outside: no
          purchase('KB0', 'O11', 2, 700, 'MAD', T[0].code), // not in the campaign, even with a campaign code: no
        ].join('\n'),
      ),
    );
    expect(summary).toMatchObject({ inserted: 11, rejected: 0 });

    const responses = app.get(ResponsesService);
    await responses.record({ kind: 'coupon', code: T[0].code, source: 'test', receivedAt: at(2) });
    await responses.record({ kind: 'coupon', code: T[0].code.toLowerCase(), source: 'test', receivedAt: at(3) }); // same coupon again
    await responses.record({
      kind: 'reply',
      deliveryId: T[6].delivery_id,
      source: 'test',
      receivedAt: at(2),
      dedupeKey: 'reply:test',
    });
    await app.get(SurveysService).answer(T[7].code, 9, 'Très bon accueil', 'test');
    await responses.record({ kind: 'open', deliveryId: T[1].delivery_id, source: 'test', receivedAt: at(1) });
    await responses.record({
      kind: 'open',
      deliveryId: T[2].delivery_id,
      automated: true,
      source: 'test',
      receivedAt: at(0),
    });
    await responses.record({
      kind: 'click',
      deliveryId: T[1].delivery_id,
      value: '0',
      source: 'test',
      receivedAt: at(1),
    });
    await app.get(ConsentService).withdraw(T[9].contact_id, 'email', 'unsubscribe_link', {
      source: 'test',
      proof: { delivery_id: T[9].delivery_id },
    });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('reproduces the report', async () => {
    const report = await app.get(CampaignReportService).report(id);
    expect(T).toHaveLength(16);
    expect(H).toHaveLength(4);
    expect(report).toMatchObject({
      // 22 in the segment − 2 without consent = 20 eligible; 20 % of 20 = 4 held out; 16 targeted.
      audience: {
        segment: 22,
        excluded: { no_consent: 2, suppressed: 0, invalid_address: 0, frequency_cap: 0 },
        holdout: 4,
        targeted: 16,
      },
      messages: { queued: 0, sent: 16, delivered: 16, bounced: 0, failed: 0, unknown: 0 },
      // Responders: T0 (coupon, recorded twice, counted once), T6 (reply), T7 (survey) = 3. Opens: T1 (person), T2 (proxy).
      responses: {
        opened: 2,
        opened_by_people: 1,
        clicked: 1,
        replied: 1,
        coupons: 1,
        calls_positive: 0,
        surveys: 1,
        unsubscribed: 1,
        complaints: 0,
        responders: 3,
      },
      conversions: {
        // T0 500 (code) + T1 300 + T4 100 + 150 = 1050 MAD; buyers T0, T1, T4 and T5 (999 EUR); T2, T3, T10 and KB0 do not count.
        // 4 / 16 = 25 %; 1050 / 16 = 65.625 MAD per contact.
        treatment: {
          contacts: 16,
          buyers: 4,
          conversion_rate: 25,
          revenue: 1050,
          revenue_per_contact: 65.63,
          revenue_by_currency: { EUR: 999, MAD: 1050 },
        },
        // H0 200 inside the window; H1 outside: 1 / 4 = 25 %, 200 / 4 = 50 MAD per contact.
        holdout: {
          contacts: 4,
          buyers: 1,
          conversion_rate: 25,
          revenue: 200,
          revenue_per_contact: 50,
          revenue_by_currency: { MAD: 200 },
        },
      },
      rates: {
        delivery: 100, // 16 / 16
        bounce: 0,
        open: 12.5, // 2 / 16
        open_excluding_automated: 6.25, // 1 / 16
        click: 6.25, // 1 / 16
        response: 18.75, // 3 / 16
        conversion: 25, // 4 / 16
        unsubscribe: 6.25, // 1 / 16
      },
      cost: 108, // 100 + 16 × 0.50
      revenue: 1050,
      gross_margin: 420, // 1050 × 0.40
      profit: 312, // 420 − 108
      roi: 2.89, // 312 / 108 = 2.888…
      cost_per_response: 36, // 108 / 3
      incremental_revenue: 250, // (1050 / 16 − 200 / 4) × 16 = (65.625 − 50) × 16, in MAD only
      incremental_profit: -8, // 250 × 0.40 − 108
      incremental_roi: -0.07, // −8 / 108 = −0.074…
      lift: 0, // (4 / 16) / (1 / 4) − 1
      currency: 'MAD',
      revenue_by_currency: { EUR: 999, MAD: 1050 },
      // T5's 999 EUR: a buyer, but not in the MAD revenue, margin, profit or ROI — and said so.
      left_out: {
        currencies: ['EUR'],
        treatment: { purchases: 1, revenue_by_currency: { EUR: 999 } },
        holdout: { purchases: 0, revenue_by_currency: {} },
        note: expect.stringContaining('EUR are not converted into MAD'),
      },
    });
    expect(report.lift_confidence).toMatchObject({
      significant: false,
      note: expect.stringContaining('not significant'),
    });
  });

  it('gives the same report through the API, the CLI and its CSV row', async () => {
    const http = await request(app.getHttpServer())
      .get(`/api/v1/campaigns/${id}/report`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    const cli = await runCli('campaign', 'report', id, '--json');
    for (const report of [http.body, cli.json()]) {
      expect(report).toMatchObject({
        revenue: 1050,
        incremental_profit: -8,
        incremental_roi: -0.07,
        revenue_by_currency: { EUR: 999, MAD: 1050 },
        left_out: { currencies: ['EUR'] },
      });
    }
    const csv = (await runCli('campaign', 'report', id, '--csv')).stdout.split('\r\n');
    const row = Object.fromEntries(csv[0].split(',').map((column, i) => [column, csv[1].split(',')[i]]));
    expect(row).toMatchObject({
      incremental_profit: '-8',
      incremental_roi: '-0.07',
      'revenue_by_currency.EUR': '999',
      'left_out.treatment.purchases': '1',
    });
    expect((await runCli('campaign', 'report', id)).stdout).toMatch(/incremental profit.*\n?.*EUR/s);
  });

  it('gives a daily series whose days add up to the report', async () => {
    const response = await request(app.getHttpServer())
      .get(`/api/v1/campaigns/${id}/report/daily`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    const days: Array<Record<string, number | string>> = response.body.days;
    const sum = (field: string) => days.reduce((total, day) => total + (day[field] as number), 0);
    expect({
      sent: sum('sent'),
      conversions: sum('conversions'),
      revenue: sum('revenue'),
      new_responders: sum('new_responders'),
    }).toEqual({ sent: 16, conversions: 4, revenue: 1050, new_responders: 3 });
    const day = (offset: number) => days.find((d) => d.date === dateOf(offset));
    expect(day(0)).toMatchObject({ sent: 16, opened: 1, conversions: 0 }); // T2's proxy open
    expect(day(2)).toMatchObject({ responses: 2, new_responders: 2 }); // T0's coupon, T6's reply
    expect(day(3)).toMatchObject({ responses: 0, conversions: 1, revenue: 100 }); // the second coupon is the same response; T4 buys
    expect(day(5)).toMatchObject({ conversions: 2, revenue: 300 }); // T1's 300 MAD; T5's 999 EUR converts without adding MAD
    expect(day(29)).toMatchObject({ conversions: 0, revenue: 150 });
    expect(day(40)).toMatchObject({ conversions: 1, revenue: 500 });
    // Consecutive days, gaps included.
    expect(
      days.every((d, i) => i === 0 || Date.parse(d.date as string) - Date.parse(days[i - 1].date as string) === DAY),
    ).toBe(true);
  });

  it('breaks the campaign down by region (formula-safe in CSV) and by lifecycle', async () => {
    const result = await runCli('campaign', 'report', id, '--breakdown', '--json');
    expect(result.code).toBe(0);
    const { region, lifecycle } = result.json().dimensions;
    const total = (rows: Array<Record<string, number>>, field: string) =>
      rows.reduce((sum, row) => sum + row[field], 0);
    for (const rows of [region, lifecycle]) {
      expect({
        contacts: total(rows, 'contacts'),
        holdout: total(rows, 'holdout_contacts'),
        sent: total(rows, 'sent'),
        responders: total(rows, 'responders'),
        buyers: total(rows, 'buyers'),
        revenue: total(rows, 'revenue'),
      }).toEqual({ contacts: 16, holdout: 4, sent: 16, responders: 3, buyers: 4, revenue: 1050 });
    }
    // No scores computed: every contact's stage is unknown, and that group is the whole campaign.
    expect(lifecycle).toEqual([
      expect.objectContaining({
        value: 'unknown',
        contacts: 16,
        buyers: 4,
        conversion_rate: 25,
        incremental_revenue: 250,
      }),
    ]);
    const odd = (x: string) => Number(x.slice(2)) % 2 === 1;
    const souss = region.find((row: { value: string }) => row.value === '=Souss-Massa');
    expect(souss).toMatchObject({
      contacts: T.filter((t) => odd(t.external_id)).length,
      holdout_contacts: H.filter((h) => odd(h.external_id)).length,
    });
    const csv = await request(app.getHttpServer())
      .get(`/api/v1/campaigns/${id}/report/breakdown?format=csv&by=region`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'dimension,value,contacts,sent,responders,response_rate,buyers,conversion_rate,revenue,holdout_contacts,holdout_buyers,holdout_conversion_rate,holdout_revenue,incremental_revenue',
    );
    expect(csv.text).toContain(",'=Souss-Massa,");
    expect(csv.text).not.toMatch(/(^|,)=Souss/m);
    const daily = await runCli('campaign', 'report', id, '--daily', '--csv');
    expect(daily.stdout.split('\r\n')[0]).toBe('date,sent,opened,clicked,responses,new_responders,conversions,revenue');
  });

  it('refuses an unknown export format or dimension with a 400 naming it', async () => {
    const http = request(app.getHttpServer());
    const format = await http
      .get(`/api/v1/campaigns/${id}/report/daily?format=xlsx`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(400);
    expect(format.body.error.message).toMatch(/format must be json or csv/);
    const by = await http
      .get(`/api/v1/campaigns/${id}/report/breakdown?by=age`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(400);
    expect(by.body.error.message).toMatch(/by must be one of lifecycle, value_tier, region/);
    expect((await runCli('campaign', 'report', id, '--daily', '--breakdown')).code).toBe(2);
  });
});
