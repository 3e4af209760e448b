import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ContactsService } from '../../src/contacts/contacts.service';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { ConsentService } from '../../src/consent/consent.service';
import { UnsubscribeLinks } from '../../src/consent/unsubscribe/unsubscribe-links';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

describe('unsubscribe links, preference centre, consent API and SMS webhook (HTTP)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  let contactId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_WEBHOOK_SECRET: 'webhook-secret-for-tests' });
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
    const { contact } = await app
      .get(ContactsService)
      .upsert({ external_id: 'U1', email: 'lea@exemple.fr', phone: '06 12 34 56 78' });
    contactId = contact.id;
    for (const channel of ['email', 'sms'] as const) {
      await http()
        .post('/api/v1/consents')
        .set('Authorization', `Bearer ${marketer}`)
        .send({
          external_id: 'U1',
          channel,
          status: 'granted',
          method: 'checkbox',
          source: 'site web',
          wording: "J'accepte de recevoir vos offres.",
          ip: '203.0.113.7',
        })
        .expect(201);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const emailDecision = async () =>
    (await app.get(ConsentService).evaluateOne(contactId, 'email', 'marketing', new Date()))!;

  it('records consent through the API with its proof', async () => {
    const shown = await http()
      .get('/api/v1/contacts/U1/consents')
      .set('Authorization', `Bearer ${marketer}`)
      .expect(200);
    expect(shown.body.states).toMatchObject({ email: 'granted', sms: 'granted', postal: 'none' });
    expect(shown.body.decisions.email).toEqual({ allowed: true, basis: 'consent' });
    expect(shown.body.history[0]).toMatchObject({
      method: 'checkbox',
      ip: '203.0.113.7',
      wording: "J'accepte de recevoir vos offres.",
    });
    await http()
      .post('/api/v1/consents')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ external_id: 'U1', channel: 'fax', status: 'granted', method: 'checkbox' })
      .expect(400);
  });

  it('changes nothing on GET, nor with a tampered token; unsubscribes in one click on POST', async () => {
    const links = app.get(UnsubscribeLinks);
    const url = new URL(links.url({ contactId, deliveryId: 'd-42' }));
    const page = await http().get(url.pathname).expect(200);
    expect(page.text).toContain('Confirmer ma désinscription');
    expect((await emailDecision()).allowed).toBe(true);

    const token = url.pathname.split('/').pop()!;
    const tampered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    await http().post(`/u/${tampered}`).type('form').send('List-Unsubscribe=One-Click').expect(404);
    await http().get(`/u/${tampered}`).expect(404);
    expect((await emailDecision()).allowed).toBe(true);

    // What a mailbox provider does with the headers of the message (RFC 8058).
    const headers = links.headers({ contactId, deliveryId: 'd-42' });
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [, oneClick] = /^<(http:\/\/localhost:3000\/u\/[A-Za-z0-9_-]+)>$/.exec(headers['List-Unsubscribe'])!;
    const done = await http()
      .post(new URL(oneClick).pathname)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(done.text).toBe('unsubscribed\n');
    expect(await emailDecision()).toEqual({ allowed: false, reason: 'suppressed' });
    const [event] = await app
      .get(DataSource)
      .query(`SELECT method, legal_basis, proof FROM consent_events WHERE contact_id = $1 AND status = 'withdrawn'`, [
        contactId,
      ]);
    expect(event).toEqual({
      method: 'unsubscribe_link',
      legal_basis: 'objection',
      proof: { delivery_id: 'd-42', one_click: true },
    });
  });

  it('saves preferences per channel from the page form', async () => {
    const { contact } = await app.get(ContactsService).upsert({
      external_id: 'U2',
      email: 'theo@exemple.fr',
      phone: '0612345679',
      address_line1: '1 rue A',
      postal_code: '75001',
      city: 'Paris',
    });
    const url = new URL(app.get(UnsubscribeLinks).url({ contactId: contact.id }));
    await http().post(`${url.pathname}/preferences`).type('form').send('sms=on&email=on').expect(200);
    const states = await app.get(ConsentService).states(contact.id);
    expect(states).toMatchObject({ email: 'granted', sms: 'granted', phone: 'withdrawn', postal: 'withdrawn' });
  });

  it('takes STOP from the SMS webhook, authenticated by the shared secret', async () => {
    await http().post('/webhooks/sms/inbound').send({ from: '+33612345678', text: 'STOP' }).expect(401);
    await http()
      .post('/webhooks/sms/inbound')
      .set('X-Webhook-Secret', 'wrong-secret-value')
      .send({ from: '+33612345678', text: 'STOP' })
      .expect(401);
    await http()
      .post('/webhooks/sms/inbound')
      .set('X-Webhook-Secret', 'webhook-secret-for-tests')
      .send({ from: '06 12 34 56 78', text: ' Stopp ' })
      .expect(200);
    expect(await app.get(ConsentService).evaluateOne(contactId, 'sms', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
  });

  it('records one withdrawal for a STOP replayed with the same provider message id, and says it was a duplicate', async () => {
    const { contact } = await app.get(ContactsService).upsert({ external_id: 'U4', phone: '06 12 34 56 70' });
    await app
      .get(ConsentService)
      .record([
        { contactId: contact.id, channel: 'sms', status: 'granted', method: 'checkbox', collectedAt: new Date() },
      ]);
    const stop = (id: string) =>
      http()
        .post('/webhooks/sms/inbound')
        .set('X-Webhook-Secret', 'webhook-secret-for-tests')
        .send({ from: '+33612345670', text: 'STOP', id });
    const withdrawals = async () =>
      (
        await app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM consent_events WHERE contact_id = $1 AND status = 'withdrawn'`, [
            contact.id,
          ])
      )[0].n;
    const first = await stop('provider-41').expect(200);
    const replay = await stop('provider-41').expect(200);
    expect(await withdrawals()).toBe(1);
    expect([first.body, replay.body]).toEqual([
      { received: true, duplicate: false },
      { received: true, duplicate: true },
    ]);
    // Two deliveries of the same message at once: still one.
    const replays = await Promise.all([stop('provider-42'), stop('provider-42')]);
    expect(replays.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    expect(await withdrawals()).toBe(2);
    expect(await app.get(ConsentService).evaluateOne(contact.id, 'sms', 'marketing', new Date())).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
  });

  it('adds to the suppression list through the API', async () => {
    const added = await http()
      .post('/api/v1/suppressions')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ channel: 'email', address: 'Spam@Exemple.fr', reason: 'spam_complaint' })
      .expect(201);
    expect(added.body).toEqual({ added: true });
    await http()
      .post('/api/v1/suppressions')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ channel: 'email', address: 'nope' })
      .expect(400);
  });
});
