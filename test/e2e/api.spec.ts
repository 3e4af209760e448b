import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

describe('HTTP API: auth, validation, imports, health', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let keys: Record<'admin' | 'marketer' | 'manager', string>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
    const apiKeys = app.get(ApiKeyService);
    keys = {
      admin: (await apiKeys.create('admin')).key,
      marketer: (await apiKeys.create('marketer')).key,
      manager: (await apiKeys.create('manager')).key,
    };
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const http = () => request(app.getHttpServer());

  it('answers /health without a key', async () => {
    await http().get('/health').expect(200, { status: 'ok', database: 'up' });
  });

  it('refuses a request without a key (401) or with a bad one (401)', async () => {
    const none = await http().get('/api/v1/contacts').expect(401);
    expect(none.body.error.code).toBe('auth.missing_key');
    const bad = await http()
      .get('/api/v1/contacts')
      .set('Authorization', 'Bearer rl_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')
      .expect(401);
    expect(bad.body.error.code).toBe('auth.invalid_key');
    const tampered = keys.admin.slice(0, -1) + (keys.admin.endsWith('A') ? 'B' : 'A');
    await http().get('/api/v1/contacts').set('Authorization', `Bearer ${tampered}`).expect(401);
  });

  it('refuses a role that is too weak (403)', async () => {
    const response = await http().get('/api/v1/contacts').set('Authorization', `Bearer ${keys.manager}`).expect(403);
    expect(response.body.error).toMatchObject({ code: 'auth.forbidden', message: expect.stringContaining('marketer') });
    await http().get('/api/v1/contacts').set('Authorization', `Bearer ${keys.marketer}`).expect(200);
    await http().get('/api/v1/contacts/X/export').set('Authorization', `Bearer ${keys.marketer}`).expect(403);
  });

  it('refuses a revoked key', async () => {
    const apiKeys = app.get(ApiKeyService);
    const { key, id } = await apiKeys.create('admin');
    await http().get('/api/v1/contacts').set('Authorization', `Bearer ${key}`).expect(200);
    await apiKeys.revoke(id);
    await http().get('/api/v1/contacts').set('Authorization', `Bearer ${key}`).expect(401);
  });

  it('answers 400 with the offending fields, for unknown fields and for bad values', async () => {
    const unknown = await http()
      .post('/api/v1/contacts')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .send({ external_id: 'A1', favourite_colour: 'blue' })
      .expect(400);
    expect(unknown.body.error.fields).toEqual([
      { field: 'favourite_colour', reason: expect.stringContaining('should not exist') },
    ]);
    const badValues = await http()
      .post('/api/v1/contacts')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .send({ external_id: 'A1', email: 'nope', phone: '12' })
      .expect(400);
    expect(badValues.body.error.code).toBe('contacts.invalid');
    expect(badValues.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'phone']);
    const missing = await http()
      .post('/api/v1/contacts')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .send({})
      .expect(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toContain('external_id');
  });

  it('creates then updates a contact, and exports it', async () => {
    const created = await http()
      .post('/api/v1/contacts')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .send({
        external_id: 'A2',
        first_name: ' Inès ',
        email: 'Ines@Exemple.fr',
        country: 'MA',
        phone: '0661234567',
        attributes: { Carte: 'or' },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      external_id: 'A2',
      first_name: 'Inès',
      email: 'ines@exemple.fr',
      phone: '+212661234567',
      attributes: { carte: 'or' },
    });
    await http()
      .post('/api/v1/contacts')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .send({ external_id: 'A2', city: 'Rabat' })
      .expect(200);
    const exported = await http()
      .get('/api/v1/contacts/A2/export')
      .set('Authorization', `Bearer ${keys.admin}`)
      .expect(200);
    expect(exported.body.contact).toMatchObject({ first_name: 'Inès', city: 'Rabat' });
    expect(exported.body.purchases).toEqual([]);
    await http().get('/api/v1/contacts/NOPE').set('Authorization', `Bearer ${keys.marketer}`).expect(404);
  });

  it('imports an uploaded CSV file and reports bad rows', async () => {
    const csv = 'external_id;prénom;e-mail\nU1;Léa;lea@exemple.fr\nU2;Théo;pas-un-email\n';
    const response = await http()
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .field('kind', 'contacts')
      .attach('file', Buffer.from(csv), 'clients.csv')
      .expect(201);
    expect(response.body).toMatchObject({
      inserted: 1,
      updated: 0,
      rejected: 1,
      errors: [{ line: 3, field: 'email' }],
    });
    const bad = await http()
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .field('kind', 'contacts')
      .attach('file', Buffer.from('prénom\nLéa\n'), 'sans-id.csv')
      .expect(400);
    expect(bad.body.error.message).toMatch(/^sans-id\.csv, line 1: missing required column external_id/);
    await http()
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${keys.marketer}`)
      .field('kind', 'contacts')
      .expect(400);
  });

  it('serves the OpenAPI document', async () => {
    const response = await http().get('/api/docs-json').expect(200);
    expect(response.body.paths).toHaveProperty(['/api/v1/imports']);
    expect(response.body.components.securitySchemes).toHaveProperty('bearer');
  });
});
