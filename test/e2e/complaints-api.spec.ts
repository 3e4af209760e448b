import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { TokenSigner } from '../../src/core/security/token-signer';
import { SENDER_ENV } from '../support/complaint-fixtures';
import { insertContacts } from '../support/segment-base';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

describe('HTTP: complaints API, public form, inbound e-mail webhook', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let keys: Record<'marketer' | 'manager', string>;
  const http = () => request(app.getHttpServer());
  const as = (role: 'marketer' | 'manager') => ({ Authorization: `Bearer ${keys[role]}` });

  beforeAll(async () => {
    env = await createTestEnvironment({ ...SENDER_ENV, RELANCE_WEBHOOK_SECRET: 'webhook-secret-0123456789' });
    app = await startHttp();
    keys = {
      marketer: (await app.get(ApiKeyService).create('marketer')).key,
      manager: (await app.get(ApiKeyService).create('manager')).key,
    };
    await insertContacts(app.get(DataSource), [
      { external_id: 'H1', first_name: 'Zoé', email: 'zoe@exemple.fr', country: 'FR' },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('creates a complaint as the contract says, once per idempotency key, and walks it through the workflow', async () => {
    const body = {
      external_id: 'H1',
      channel: 'email',
      received_at: '2026-05-22T15:00:00Z',
      subject: 'Livraison en retard',
      description: 'Trois semaines de retard.',
      urgent: true,
      important: false,
      requested_delay_days: 2,
      idempotency_key: 'ext-1',
    };
    const created = await http().post('/api/v1/complaints').set(as('marketer')).send(body).expect(201);
    expect(Object.keys(created.body).sort()).toEqual([
      'acknowledgement_delivery_id',
      'due_at',
      'external_id',
      'reference',
      'status',
    ]);
    expect(created.body).toMatchObject({
      status: 'acknowledged',
      due_at: '2026-05-24T15:00:00.000Z',
      acknowledgement_delivery_id: expect.any(String),
    });
    const retried = await http().post('/api/v1/complaints').set(as('marketer')).send(body).expect(200);
    expect(retried.body).toEqual(created.body);
    const { reference } = created.body;
    await http().post('/api/v1/complaints').set(as('manager')).send(body).expect(403);
    const bad = await http()
      .post('/api/v1/complaints')
      .set(as('marketer'))
      .send({ ...body, channel: 'pigeon', idempotency_key: 'x' })
      .expect(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['channel']);
    const early = await http()
      .post(`/api/v1/complaints/${reference}/close`)
      .set(as('marketer'))
      .send({ condition: 'client_satisfied' })
      .expect(409);
    expect(early.body.error).toMatchObject({
      code: 'complaints.invalid_transition',
      message: expect.stringContaining('cannot close it'),
    });
    await http()
      .post(`/api/v1/complaints/${reference}/qualify`)
      .set(as('marketer'))
      .send({ cause: 'delivery_delay', important: true })
      .expect(200);
    await http()
      .post(`/api/v1/complaints/${reference}/assign`)
      .set(as('marketer'))
      .send({ owner: 'Karim' })
      .expect(200);
    await http()
      .post(`/api/v1/complaints/${reference}/messages`)
      .set(as('marketer'))
      .send({ direction: 'inbound', channel: 'phone', body: 'La cliente rappelle : toujours rien.' })
      .expect(201);
    const noSummary = await http()
      .post(`/api/v1/complaints/${reference}/answer`)
      .set(as('marketer'))
      .send({ corrective_measures: 'x' })
      .expect(400);
    expect(noSummary.body.error.fields.map((f: { field: string }) => f.field)).toContain('summary');
    const answered = await http()
      .post(`/api/v1/complaints/${reference}/answer`)
      .set(as('marketer'))
      .send({
        summary: 'votre livraison',
        corrective_measures: 'nouveau transporteur.',
        compensation: { kind: 'discount', amount: 50 },
      })
      .expect(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer_delivery_id: expect.any(String) });
    const closed = await http()
      .post(`/api/v1/complaints/${reference}/close`)
      .set(as('marketer'))
      .send({ condition: 'gesture_accepted' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closing_condition: 'gesture_accepted' });
    const file = await http().get(`/api/v1/complaints/${reference}`).set(as('manager')).expect(200);
    expect(file.body).toMatchObject({
      reference,
      status: 'closed',
      cause: 'delivery_delay',
      client: { external_id: 'H1' },
      compensations: [{ kind: 'discount', amount: 50 }],
    });
    // Urgent and important makes it serious: with no phone number, no follow-up call, and the thread says so.
    expect(file.body.messages.map((m: { direction: string }) => m.direction)).toEqual([
      'inbound',
      'outbound',
      'inbound',
      'outbound',
      'note',
    ]);
    const list = await http().get('/api/v1/complaints?status=closed').set(as('manager')).expect(200);
    expect(list.body.map((c: { reference: string }) => c.reference)).toContain(reference);
    const csv = await http()
      .get('/api/v1/complaints/dashboard?from=2026-05-01&to=2026-05-31&format=csv')
      .set(as('manager'))
      .expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('section,period,dimension,key,value');
    await http().get('/api/v1/kpis?from=2026-05-01&to=2026-05-31').set(as('manager')).expect(200);
    await http().get('/api/v1/kpis?from=May').set(as('manager')).expect(400);
  });

  it('serves the French form, ignores bots (honeypot, too fast, forged token) and records a genuine submission once', async () => {
    const page = await http().get('/reclamation').expect(200);
    expect(page.text).toContain('Faire une réclamation');
    const token = /name="t" value="([^"]+)"/.exec(page.text)![1];
    const form = {
      t: token,
      email: 'paul@exemple.fr',
      first_name: 'Paul',
      subject: 'Produit cassé',
      description: 'Le vase est arrivé en morceaux.',
      requested_delay_days: '2',
    };
    const count = async () =>
      (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM complaints WHERE channel = 'web'`))[0].n;
    await http().post('/reclamation').type('form').send(form).expect(200);
    expect(await count()).toBe(0); // sent within a second of being shown
    const signer = app.get(TokenSigner);
    const aged = signer.sign('complaint-form', [Date.now() - 10_000, 'nonce-1']);
    await http()
      .post('/reclamation')
      .type('form')
      .send({ ...form, t: aged, website: 'http://spam.example' })
      .expect(200);
    await http()
      .post('/reclamation')
      .type('form')
      .send({ ...form, t: aged.slice(0, -2) + 'AA' })
      .expect(200);
    expect(await count()).toBe(0);
    const invalid = await http()
      .post('/reclamation')
      .type('form')
      .send({ ...form, t: aged, email: '', description: 'court' })
      .expect(400);
    expect(invalid.text).toContain('adresse e-mail ou un numéro');
    const done = await http()
      .post('/reclamation')
      .type('form')
      .send({ ...form, t: aged })
      .expect(200);
    expect(done.text).toMatch(/REC-\d{4}-\d{6}/);
    // The same form again (a double click): the 6th post from this address in a minute is refused.
    await http()
      .post('/reclamation')
      .type('form')
      .send({ ...form, t: aged })
      .expect(429);
    expect(await count()).toBe(1);
  });

  it('accepts inbound e-mail only with the shared secret', async () => {
    const mail = {
      from: 'zoe@exemple.fr',
      subject: 'Article manquant',
      text: 'Il manque un article.',
      message_id: '<a1@exemple.fr>',
    };
    await http().post('/webhooks/complaints/email').send(mail).expect(401);
    const received = await http()
      .post('/webhooks/complaints/email')
      .set('X-Webhook-Secret', 'webhook-secret-0123456789')
      .send(mail)
      .expect(200);
    expect(received.body).toMatchObject({
      reference: expect.stringMatching(/^REC-/),
      threaded: false,
      status: 'acknowledged',
    });
  });
});
