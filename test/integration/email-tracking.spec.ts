import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ImportService } from '../../src/imports/import.service';
import { readMime } from '../../src/templates/email/mime-reader';
import { TemplatesService } from '../../src/templates/templates.service';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { TrackingTokens } from '../../src/deliveries/tracking/tracking-tokens';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { writeFile } from '../support/files';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { ResponseLinks } from '../../src/core/security/response-links';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const PUBLIC_URL = 'https://relance.example';
const SHOP = 'https://boutique.example/printemps?utm_source=mail&amp;x=1';

/** new-products.mjml with one literal link to the shop. */
function templateWithShopLink(): string {
  const source = fs.readFileSync(path.join(__dirname, '../../templates/email/new-products.mjml'), 'utf8');
  return source.replace(
    '<mj-text>{{salutation}},</mj-text>',
    `<mj-text>{{salutation}},</mj-text>\n        <mj-text><a href="${SHOP}">Voir la collection en ligne</a></mj-text>`,
  );
}

describe('e-mail tracking: pixel, click redirect, consent, reports (real PostgreSQL, HTTP)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  let campaignId: string;
  const sink = new SmtpSink({ keepRaw: true });
  const http = () => request(app.getHttpServer());
  const htmlFor = (to: string) =>
    readMime(sink.received.find((m) => m.to[0] === to)!.raw!.toString('utf8')).parts.find(
      (p) => p.type === 'text/html',
    )!.body;
  const tokensIn = (html: string, kind: 'o' | 'c') =>
    [...html.matchAll(new RegExp(`${PUBLIC_URL}/t/${kind}/([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]);

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      PUBLIC_URL,
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
      RELANCE_WEBHOOK_SECRET: 'webhook-secret-0123456789',
    });
    app = await startHttp({ http: true, workers: false, scheduler: false });
    db = app.get(DataSource);
    await seedContacts(
      app,
      env.home,
      ['TK1', 'TK2', 'TK3'].map((id) => ({
        id,
        email: `${id.toLowerCase()}@exemple.ma`,
        consent: ['email'] as Array<'email'>,
      })),
    );
    // TK1 and TK3 agreed to tracking; TK2 did not.
    await app
      .get(ImportService)
      .importFile(
        'consents',
        writeFile(
          env.home,
          'tracking.csv',
          [
            'external_id,channel,status,method,source,collected_at,wording',
            'TK1,tracking,granted,checkbox,site web,2026-01-10T09:00:00Z,Mesurer l’ouverture de mes e-mails',
            'TK3,tracking,granted,checkbox,site web,2026-01-10T09:00:00Z,Mesurer l’ouverture de mes e-mails',
          ].join('\n'),
        ),
      );
    const saved = await app
      .get(TemplatesService)
      .create({ name: 'Nouveautés avec lien', channel: 'email', source: templateWithShopLink() });
    campaignId = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'TK' }] },
      template: saved.template.id,
    });
    await launchAndWait(app, campaignId);
    // Opened an hour later: within seconds of sending, a fetch is taken for a scanner's.
    await db.query(`UPDATE deliveries SET sent_at = sent_at - interval '1 hour' WHERE campaign_id = $1`, [campaignId]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('rewrites links and adds the pixel only for contacts who allowed tracking; unsubscribe and mailto stay direct', async () => {
    const tracked = htmlFor('tk1@exemple.ma');
    expect(tokensIn(tracked, 'o')).toHaveLength(1);
    expect(tokensIn(tracked, 'c')).toHaveLength(2); // the shop link, then the response button
    expect(tracked).not.toContain('href="https://boutique.example');
    expect(tracked).toMatch(new RegExp(`href="${PUBLIC_URL}/u/[A-Za-z0-9_-]+"`));
    const untracked = htmlFor('tk2@exemple.ma');
    expect(tokensIn(untracked, 'o')).toHaveLength(0);
    expect(tokensIn(untracked, 'c')).toHaveLength(0);
    expect(untracked).toContain(`href="${SHOP}"`);
    const links = await db.query(`SELECT position, href FROM template_links ORDER BY position`);
    expect(links).toEqual([
      { position: 0, href: SHOP },
      { position: 1, href: '{{response_url}}' },
    ]);
  });

  it("redirects a genuine click to the template link, and the response button to the message's own page", async () => {
    const [shop, button] = tokensIn(htmlFor('tk1@exemple.ma'), 'c');
    const [{ response_code: code }] = await db.query(
      `SELECT d.response_code FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = 'TK1'`,
    );
    const toShop = await http().get(`/t/c/${shop}`).set('User-Agent', IPHONE).expect(302);
    expect(toShop.headers.location).toBe('https://boutique.example/printemps?utm_source=mail&x=1');
    expect(toShop.headers['cache-control']).toContain('no-store');
    await http().get(`/t/c/${shop}`).set('User-Agent', IPHONE).expect(302);
    expect((await http().get(`/t/c/${button}`).set('User-Agent', IPHONE).expect(302)).headers.location).toBe(
      `${PUBLIC_URL}/r?c=${code}&s=${app.get(ResponseLinks).proof(code)}`,
    );
  });

  it('refuses a tampered token (400) and a link that is not in the template (404), never redirecting', async () => {
    const [shop] = tokensIn(htmlFor('tk1@exemple.ma'), 'c');
    const tampered = shop.slice(0, 20) + (shop[20] === 'A' ? 'B' : 'A') + shop.slice(21);
    const refused = await http().get(`/t/c/${tampered}`).expect(400);
    expect(refused.headers.location).toBeUndefined();
    expect(refused.text).toContain('Ce lien n’est pas valide');
    const [{ id }] = await db.query(
      `SELECT d.id::text FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE c.external_id = 'TK1'`,
    );
    const outsideTemplate = app.get(TrackingTokens).click(id, 7);
    expect((await http().get(`/t/c/${outsideTemplate}`).expect(404)).headers.location).toBeUndefined();
    // A pixel token is not a click token (tokens are sealed per purpose).
    const [pixel] = tokensIn(htmlFor('tk1@exemple.ma'), 'o');
    await http()
      .get(`/t/c/${pixel.replace(/\.gif$/, '')}`)
      .expect(400);
    await http().get('/t/c/https%3A%2F%2Fevil.example').expect(400);
  });

  it('serves an uncacheable 1×1 GIF, counts one open per delivery, and flags the mail-privacy proxy', async () => {
    const [pixel] = tokensIn(htmlFor('tk3@exemple.ma'), 'o');
    const gif = await http().get(`/t/o/${pixel}.gif`).set('User-Agent', 'Mozilla/5.0').expect(200);
    expect(gif.headers['content-type']).toBe('image/gif');
    expect(gif.headers['cache-control']).toContain('no-store');
    expect(gif.body.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    await http().get(`/t/o/${pixel}.gif`).set('User-Agent', 'Mozilla/5.0').expect(200);
    await http()
      .get(`/t/o/${pixel.slice(0, -2)}xx.gif`)
      .expect(404);
    const opens = await db.query(
      `SELECT r.automated, r.details ->> 'via' AS via FROM responses r JOIN contacts c ON c.id = r.contact_id WHERE r.kind = 'open' ORDER BY c.external_id`,
    );
    // TK1: implied by the person's click; TK3: Apple's proxy, once.
    expect(opens).toEqual([
      { automated: false, via: null },
      { automated: true, via: 'apple_privacy_proxy' },
    ]);
    const report = await app.get(CampaignReportService).report(campaignId);
    expect(report.responses).toMatchObject({ opened: 2, clicked: 1, opened_by_people: 1 });
    expect(report.rates).toMatchObject({
      open: 66.67,
      open_excluding_automated: 33.33,
      click: 33.33,
      click_excluding_automated: 33.33,
    });
    // Two clicks on the shop link and one on the button by TK1: one click response per link.
    expect(
      await db.query(`SELECT value, count(*)::int AS n FROM responses WHERE kind = 'click' GROUP BY 1 ORDER BY 1`),
    ).toEqual([
      { value: '0', n: 1 },
      { value: '1', n: 1 },
    ]);
  });
});
