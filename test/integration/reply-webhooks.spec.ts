import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { ResponseLinks } from '../../src/core/security/response-links';
import { formatResponseCode, generateResponseCode } from '../../src/core/security/response-code';
import { CampaignReportService } from '../../src/reports/campaign-report.service';
import { ResponsesService } from '../../src/responses/responses.service';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const SECRET = 'webhook-secret-0123456789';

describe('replies by e-mail and SMS, and the coupon page (real PostgreSQL, HTTP)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  let emailCampaign: string;
  let smsCampaign: string;
  const sink = new SmtpSink();
  const http = () => request(app.getHttpServer());
  const delivery = async (campaignId: string, externalId: string) =>
    (
      await db.query(
        `SELECT d.id::text, d.response_code, d.message_id FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = $1 AND c.external_id = $2`,
        [campaignId, externalId],
      )
    )[0];
  const replies = async (campaignId: string) =>
    db.query(
      `SELECT c.external_id, r.source, r.details ->> 'channel' AS channel FROM responses r JOIN contacts c ON c.id = r.contact_id WHERE r.campaign_id = $1 AND r.kind = 'reply' ORDER BY 1`,
      [campaignId],
    );
  const inbound = (body: object, secret = SECRET) =>
    http().post('/webhooks/email/inbound').set('X-Webhook-Secret', secret).send(body);

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
      RELANCE_WEBHOOK_SECRET: SECRET,
    });
    app = await startHttp({ http: true, workers: false, scheduler: false });
    db = app.get(DataSource);
    await seedContacts(app, env.home, [
      { id: 'RW1', email: 'rw1@exemple.ma', consent: ['email'] },
      { id: 'RW2', email: 'rw2@exemple.ma', consent: ['email'] },
      { id: 'RW3', email: 'rw3@exemple.ma', phone: '+212612345678', consent: ['email', 'sms'] },
    ]);
    emailCampaign = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'RW' }] },
    });
    await launchAndWait(app, emailCampaign);
    smsCampaign = await createCampaign(app, {
      name: 'Promotion SMS',
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'RW3' }] },
      channel: 'sms',
      template: 'templates/sms/promotion.hbs',
      data: { promotion_name: 'Les journées Atlas', discount_percent: '20', ends_on: '2027-04-12' },
    });
    await launchAndWait(app, smsCampaign);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('refuses a webhook without the secret, and an inbound e-mail with nothing to match, naming the fields', async () => {
    await inbound({ from: 'x@exemple.ma', text: 'bonjour' }, 'wrong-secret-0123456789').expect(401);
    const empty = await inbound({ from: 'x@exemple.ma' }).expect(400);
    expect(empty.body.error.message).toMatch(/subject, text, in_reply_to, references or headers/);
    const noSender = await inbound({ text: 'bonjour' }).expect(400);
    expect(noSender.body.error.message).toMatch(/from/);
    const badType = await inbound({ from: 'x@exemple.ma', text: 42 }).expect(400);
    expect(badType.body.error.message).toMatch(/text/);
  });

  it('ties an e-mail reply by its In-Reply-To, records it once however often the provider retries, and ignores out-of-office', async () => {
    const rw1 = await delivery(emailCampaign, 'RW1');
    const reply = {
      from: 'rw1@exemple.ma',
      subject: 'Re: Nouveau',
      text: 'Je passerai samedi.',
      in_reply_to: rw1.message_id,
      headers: { 'Message-ID': '<reply-1@exemple.ma>' },
    };
    expect((await inbound(reply).expect(200)).body).toEqual({
      matched: true,
      delivery_id: rw1.id,
      campaign_id: emailCampaign,
      duplicate: false,
      matched_by: 'message_id',
    });
    expect((await inbound(reply).expect(200)).body).toMatchObject({ matched: true, duplicate: true });
    const away = await inbound({
      from: 'rw1@exemple.ma',
      subject: 'Réponse automatique : absent',
      text: 'Je suis absent',
      in_reply_to: rw1.message_id,
    }).expect(200);
    expect(away.body).toEqual({ matched: false, reason: 'automatic_reply' });
  });

  it('ties a reply by the response code in the quoted text, and answers 200 unmatched for a stranger', async () => {
    const rw2 = await delivery(emailCampaign, 'RW2');
    const quoted = {
      from: 'rw2@exemple.ma',
      subject: 'Question',
      text: `Bonjour, est-ce en stock ?\n> Votre code : ${formatResponseCode(rw2.response_code)}`,
    };
    expect((await inbound(quoted).expect(200)).body).toMatchObject({
      matched: true,
      delivery_id: rw2.id,
      matched_by: 'response_code',
    });
    const stranger = await inbound({
      from: 'x@exemple.ma',
      subject: 'Hello',
      text: `code ${generateResponseCode()}`,
      references: '<nothing@exemple.ma>',
    }).expect(200);
    expect(stranger.body).toEqual({ matched: false, reason: 'no_matching_message' });
    expect(await replies(emailCampaign)).toEqual([
      { external_id: 'RW1', source: 'email-webhook', channel: 'email' },
      { external_id: 'RW2', source: 'email-webhook', channel: 'email' },
    ]);
    expect((await app.get(CampaignReportService).report(emailCampaign)).responses).toMatchObject({
      replied: 2,
      responders: 2,
    });
  });

  it('records an SMS answer as a reply to the latest SMS campaign, but not STOP', async () => {
    const sms = (text: string, id: string) =>
      http()
        .post('/webhooks/sms/inbound')
        .set('X-Webhook-Secret', SECRET)
        .send({ from: '+212 6 12 34 56 78', text, id })
        .expect(200);
    expect((await sms('Oui, intéressée !', 'sms-1')).body).toEqual({ received: true, duplicate: false });
    expect((await sms('Oui, intéressée !', 'sms-1')).body).toEqual({ received: true, duplicate: true });
    await sms('STOP', 'sms-2');
    expect(await replies(smsCampaign)).toEqual([{ external_id: 'RW3', source: 'sms-webhook', channel: 'sms' }]);
    expect(await replies(emailCampaign)).toHaveLength(2);
  });

  it('answers the same "thank you" to a good, a guessed and a malformed coupon code, counts a coupon once, and rate-limits', async () => {
    const rw2 = await delivery(emailCampaign, 'RW2');
    const post = (code: string) => http().post('/r').type('form').send({ c: code, interested: 'on' });
    const good = await post(formatResponseCode(rw2.response_code)).expect(200);
    const again = await post(rw2.response_code.toLowerCase()).expect(200);
    const guessed = await post(generateResponseCode()).expect(200);
    const malformed = await post('AAAA').expect(200);
    for (const answer of [again, guessed, malformed]) expect(answer.text).toBe(good.text);
    expect((await app.get(CampaignReportService).report(emailCampaign)).responses).toMatchObject({ coupons: 1 });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) statuses.push((await post(generateResponseCode())).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
  });

  it('shows the survey question through the survey link only; any other code gets the coupon form, without a lookup', async () => {
    const survey = await createCampaign(app, {
      name: 'Enquête',
      objective: 'survey',
      template: 'templates/email/satisfaction-survey.mjml',
      segment: { all: [{ field: 'external_id', op: 'eq', value: 'RW1' }] },
    });
    await launchAndWait(app, survey);
    const { response_code: code } = await delivery(survey, 'RW1');
    // Another client address than the coupon test's, whose bucket is used up.
    const page = (path: string) => http().get(path).set('X-Forwarded-For', '203.0.113.50');
    const link = new URL(app.get(ResponseLinks).url(code));
    expect((await page(`${link.pathname}${link.search}`).expect(200)).text).toContain('name="kind" value="survey"');
    const bogus = generateResponseCode();
    const lookups = jest.spyOn(app.get(ResponsesService), 'findDelivery');
    try {
      const unproven = await page(`/r?c=${code}`).expect(200);
      const guessed = await page(`/r?c=${bogus}`).expect(200);
      expect(lookups).not.toHaveBeenCalled();
      expect(unproven.text.replace(code, 'CODE')).toBe(guessed.text.replace(bogus, 'CODE'));
      expect(unproven.text).not.toContain('value="survey"');
    } finally {
      lookups.mockRestore();
    }
    const answer = (c: string) =>
      http()
        .post('/r')
        .set('X-Forwarded-For', '203.0.113.50')
        .type('form')
        .send({ c, kind: 'survey', score: '4' })
        .expect(200);
    const answered = await answer(code);
    expect((await answer(bogus)).text).toBe(answered.text);
    expect(answered.text).toContain('désolés');
    expect(await db.query(`SELECT value FROM responses WHERE campaign_id = $1 AND kind = 'survey'`, [survey])).toEqual([
      { value: '4' },
    ]);
  });
});
