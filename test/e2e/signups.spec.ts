import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { CampaignWaiter } from '../../src/campaigns/campaign-waiter';
import { ConsentService } from '../../src/consent/consent.service';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { ResponseLinks } from '../../src/core/security/response-links';
import { generateResponseCode } from '../../src/core/security/response-code';
import { readMime } from '../../src/templates/email/mime-reader';
import { ResponsesService } from '../../src/responses/responses.service';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const WORDING = "J'accepte de recevoir la lettre d'information de Maison Atlas par e-mail.";

describe('double opt-in sign-up: request, confirmation e-mail at the SMTP sink, confirmation link (HTTP)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let db: DataSource;
  let marketer: string;
  const sink = new SmtpSink({ keepRaw: true });
  const agent = () => request(app.getHttpServer());

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      PUBLIC_URL: 'https://relance.maison-atlas.fr',
      RELANCE_SENDER_NAME: 'Maison Atlas',
      RELANCE_SENDER_EMAIL: 'bonjour@maison-atlas.fr',
      RELANCE_SENDER_ADDRESS: '12 boulevard Anfa\\n20250 Casablanca',
      RELANCE_SENDER_SIGNATORY_NAME: 'Salma Berrada',
      RELANCE_SENDER_SIGNATORY_TITLE: 'Directrice clientèle',
    });
    app = await startHttp();
    db = app.get(DataSource);
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  /** Signs up, dispatches the confirmation message, and returns the code of the link it carries. */
  async function signUp(
    email: string,
  ): Promise<{ code: string; link: string; proof: string; contactId: string; deliveryId: string }> {
    const response = await agent()
      .post('/api/v1/signups')
      .set('Authorization', `Bearer ${marketer}`)
      .set('User-Agent', 'Mozilla/5.0 (test)')
      .send({ email, first_name: 'Léa', wording: WORDING, source: 'site web, pied de page', ip: '203.0.113.9' })
      .expect(201);
    const [delivery] = await db.query(
      `SELECT campaign_id, contact_id::text, response_code FROM deliveries WHERE id = $1`,
      [response.body.delivery_id],
    );
    await app.get(CampaignWaiter).untilDispatched(delivery.campaign_id, () => undefined);
    const message = sink.received.find((m) => m.to[0] === email);
    expect(message).toBeDefined();
    const html = readMime(message!.raw!.toString('utf8')).parts.find((p) => p.type === 'text/html')!.body;
    // Handlebars writes `=` in an attribute as `&#x3D;`, which every browser reads back as `=`.
    const link = /href="(https:\/\/relance\.maison-atlas\.fr\/r\?c=[^"]+)"/.exec(
      html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'),
    )?.[1];
    const proof = app.get(ResponseLinks).proof(delivery.response_code);
    expect(link).toBe(`https://relance.maison-atlas.fr/r?c=${delivery.response_code}&s=${proof}`);
    return {
      code: delivery.response_code,
      link: new URL(link!).search,
      proof,
      contactId: delivery.contact_id,
      deliveryId: response.body.delivery_id,
    };
  }

  const emailDecision = (contactId: string) =>
    app.get(ConsentService).evaluateOne(contactId, 'email', 'marketing', new Date());
  const consentEvents = (contactId: string) =>
    db.query(
      `SELECT status, method, wording, source, ip, proof FROM consent_events WHERE contact_id = $1 AND channel = 'email' ORDER BY id`,
      [contactId],
    );

  it('grants e-mail consent only when the link is confirmed, with the whole proof, once', async () => {
    const { code, link, proof, contactId, deliveryId } = await signUp('lea.signup@exemple.fr');
    // Before confirmation: no consent, not reachable by marketing.
    expect(await emailDecision(contactId)).toEqual({ allowed: false, reason: 'no_consent' });
    // The page behind the link only shows a button: a link scanner following it confirms nothing.
    const page = await agent().get(`/r${link}`).expect(200);
    expect(page.text).toContain('name="kind" value="confirm"');
    expect(page.text).toContain(`name="s" value="${proof}"`);
    expect(await consentEvents(contactId)).toEqual([]);

    const done = await agent()
      .post('/r')
      .type('form')
      .set('User-Agent', 'Mozilla/5.0 (confirm)')
      .send({ c: code, s: proof, kind: 'confirm' })
      .expect(200);
    expect(done.text).toContain('votre inscription est confirmée');
    expect(await emailDecision(contactId)).toEqual({ allowed: true, basis: 'consent' });
    const events = await consentEvents(contactId);
    expect(events).toEqual([
      {
        status: 'granted',
        method: 'double_opt_in',
        wording: WORDING,
        source: 'site web, pied de page',
        ip: expect.any(String),
        proof: expect.objectContaining({
          delivery_id: deliveryId,
          request_ip: '203.0.113.9',
          request_user_agent: 'Mozilla/5.0 (test)',
          requested_at: expect.any(String),
        }),
      },
    ]);

    // Idempotent: confirming again changes nothing.
    await agent().post('/r').type('form').send({ c: code, s: proof, kind: 'confirm' }).expect(200);
    expect(await consentEvents(contactId)).toHaveLength(1);
  });

  it("tells nothing about a code without its link's proof, and confirms nothing with it", async () => {
    const { code, contactId } = await signUp('guess.signup@exemple.fr');
    const bogus = generateResponseCode();
    const lookups = jest.spyOn(app.get(ResponsesService), 'findDelivery');
    try {
      const real = await agent().get(`/r?c=${code}`).expect(200);
      const guessed = await agent().get(`/r?c=${bogus}`).expect(200);
      const wrongProof = await agent().get(`/r?c=${code}&s=AAAAAAAAAA`).expect(200);
      // The same page, and not even a database lookup: nothing to tell the codes apart, not even time.
      expect(lookups).not.toHaveBeenCalled();
      expect(real.text.replace(code, 'CODE')).toBe(guessed.text.replace(bogus, 'CODE'));
      expect(wrongProof.text).toBe(real.text);
      expect(real.text).not.toContain('value="confirm"');
    } finally {
      lookups.mockRestore();
    }
    const withoutProof = await agent().post('/r').type('form').send({ c: code, kind: 'confirm' }).expect(200);
    const guessedConfirm = await agent()
      .post('/r')
      .type('form')
      .send({ c: bogus, s: 'AAAAAAAAAA', kind: 'confirm' })
      .expect(200);
    expect(withoutProof.text).toBe(guessedConfirm.text);
    expect(await consentEvents(contactId)).toEqual([]);
  });

  it('refuses an expired link and grants nothing', async () => {
    const { code, proof, contactId } = await signUp('late.signup@exemple.fr');
    await db.query(`UPDATE signups SET expires_at = now() - interval '1 minute' WHERE contact_id = $1`, [contactId]);
    const page = await agent().post('/r').type('form').send({ c: code, s: proof, kind: 'confirm' }).expect(200);
    expect(page.text).toContain('Ce lien a expiré');
    expect(await consentEvents(contactId)).toEqual([]);
    expect(await emailDecision(contactId)).toEqual({ allowed: false, reason: 'no_consent' });
  });

  it('says which field is wrong in a bad request, and what to configure when the sender is incomplete', async () => {
    const bad = await agent()
      .post('/api/v1/signups')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ email: 'not-an-address', wording: WORDING })
      .expect(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    const missing = await agent()
      .post('/api/v1/signups')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ email: 'a@exemple.fr' })
      .expect(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toContain('wording');
    const saved = process.env.RELANCE_SENDER_SIGNATORY_NAME;
    delete process.env.RELANCE_SENDER_SIGNATORY_NAME;
    const other = await startHttp();
    try {
      const refused = await request(other.getHttpServer())
        .post('/api/v1/signups')
        .set('Authorization', `Bearer ${marketer}`)
        .send({ email: 'b@exemple.fr', wording: WORDING })
        .expect(503);
      expect(refused.body.error.message).toBe(
        'set RELANCE_SENDER_SIGNATORY_NAME to send confirmation messages (the sender of service messages)',
      );
    } finally {
      await other.close();
      process.env.RELANCE_SENDER_SIGNATORY_NAME = saved;
    }
  });
});
