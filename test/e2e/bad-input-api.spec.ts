import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { createCampaign, seedContacts } from '../support/campaign-fixtures';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/** Issue 15: bad input over HTTP answers a 4xx naming the field, never a 500. */
describe('bad input over HTTP', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let admin: string;
  let campaignId: string;
  let snapshotId: string;
  const http = () => request(app.getHttpServer());
  const as = () => ({ Authorization: `Bearer ${admin}` });
  const fieldsOf = (body: { error: { fields?: Array<{ field: string }> } }) =>
    (body.error.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
    admin = (await app.get(ApiKeyService).create('admin')).key;
    await seedContacts(app, env.home, [
      { id: 'T1', email: 't1@exemple.fr', consent: ['email'] },
      { id: 'T2', email: 't2@exemple.fr', consent: ['email'] },
    ]);
    campaignId = await createCampaign(app, {});
    snapshotId = (
      await http()
        .post('/api/v1/segments/snapshots')
        .set(as())
        .send({ rules: { all: [] } })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  describe('pagination parameters of every list endpoint', () => {
    const lists = () => [
      { path: '/api/v1/contacts', keyset: true, max: 1000 },
      { path: `/api/v1/segments/snapshots/${snapshotId}/members`, keyset: true, max: 10_000 },
      { path: `/api/v1/campaigns/${campaignId}/deliveries`, keyset: true, max: 1_000_000 },
      { path: '/api/v1/complaints', keyset: false, max: 1000 },
    ];

    it.each([
      ['after', 'abc'],
      ['after', '-1'],
      ['after', '99999999999999999999'],
      ['limit', '-1'],
      ['limit', 'abc'],
      ['limit', '0'],
      ['limit', '1.5'],
      ['offset', '-1'],
      ['offset', 'abc'],
    ])('?%s=%s answers 400 naming the parameter', async (parameter, value) => {
      for (const list of lists()) {
        if ((parameter === 'after' && !list.keyset) || (parameter === 'offset' && list.keyset)) continue;
        const response = await http()
          .get(`${list.path}?${parameter}=${encodeURIComponent(value)}`)
          .set(as());
        expect({ path: list.path, status: response.status }).toEqual({ path: list.path, status: 400 });
        expect(response.body.error).toMatchObject({
          code: 'validation.failed',
          message: expect.stringContaining(`${parameter}: must be`),
        });
        expect(fieldsOf(response.body)).toEqual([parameter]);
      }
    });

    it('names the allowed range, and accepts its bounds', async () => {
      for (const list of lists()) {
        const over = await http()
          .get(`${list.path}?limit=${list.max + 1}`)
          .set(as())
          .expect(400);
        expect(over.body.error.fields[0].reason).toBe(
          `must be a whole number from 1 to ${list.max} (got ${list.max + 1})`,
        );
        await http().get(`${list.path}?limit=${list.max}`).set(as()).expect(200);
        await http()
          .get(`${list.path}?limit=1&${list.keyset ? 'after=0' : 'offset=0'}`)
          .set(as())
          .expect(200);
      }
    });

    it('still pages through contacts with after and limit', async () => {
      const first = await http().get('/api/v1/contacts?limit=1').set(as()).expect(200);
      expect(first.body.items).toHaveLength(1);
      const second = await http().get(`/api/v1/contacts?limit=1&after=${first.body.next}`).set(as()).expect(200);
      expect(second.body.items[0].external_id).not.toBe(first.body.items[0].external_id);
    });
  });

  describe('segment numbers out of range', () => {
    it.each([
      [{ field: 'purchases.count', op: 'gt', value: 1e20 }, 'must be from 0 to 1000000000'],
      [{ field: 'age', op: 'gt', value: 1e300 }, 'must be from 0 to 150'],
      [{ field: 'purchases.count', op: 'in', value: [1, 1e20] }, 'must be from 0 to 1000000000'],
    ])('%j answers 400 naming the condition', async (condition, reason) => {
      const response = await http()
        .post('/api/v1/segments/count')
        .set(as())
        .send({ rules: { all: [{ field: 'city', op: 'eq', value: 'Casablanca' }, condition] } })
        .expect(400);
      expect(response.body.error.code).toBe('segments.invalid_rules');
      expect(response.body.error.fields[0]).toEqual({
        field: Array.isArray(condition.value) ? 'all[1].value[1]' : 'all[1].value',
        reason: expect.stringContaining(reason),
      });
    });
  });

  describe('a rule set nested 10,000 deep', () => {
    /** `{"not":{"not":…{condition}…}}`: 8 bytes a level, 80 kB in all. */
    function deepRules(depth: number): string {
      return '{"not":'.repeat(depth) + '{"field":"age","op":"gt","value":1}' + '}'.repeat(depth);
    }
    const bodies = () => [
      { path: '/api/v1/segments/count', body: `{"rules":${deepRules(10_000)}}`, field: 'rules' },
      { path: '/api/v1/segments/preview', body: `{"rules":${deepRules(10_000)}}`, field: 'rules' },
      { path: '/api/v1/segments/snapshots', body: `{"rules":${deepRules(10_000)}}`, field: 'rules' },
      { path: '/api/v1/segments', body: `{"name":"x","rules":${deepRules(10_000)}}`, field: 'rules' },
      { path: '/api/v1/campaigns', body: `{"name":"x","segment":${deepRules(10_000)}}`, field: 'segment' },
      { path: '/api/v1/automations', body: `{"name":"x","segment":${deepRules(10_000)}}`, field: 'segment' },
      {
        path: '/api/v1/templates/preview',
        body: `{"template":"templates/email/birthday.mjml","data":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
        field: 'data',
      },
    ];

    it('answers 400 naming the field, before anything recurses on the body, and the server stays up', async () => {
      for (const { path, body, field } of bodies()) {
        const response = await http().post(path).set(as()).set('Content-Type', 'application/json').send(body);
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expect(response.body.error).toMatchObject({
          code: 'validation.too_deep',
          fields: [{ field, reason: 'nests more than 64 levels deep' }],
        });
      }
      await http().get('/health').expect(200);
    });

    it('still reports a rule set deeper than the rule validator allows, with its path', async () => {
      const response = await http()
        .post('/api/v1/segments/count')
        .set(as())
        .set('Content-Type', 'application/json')
        .send(`{"rules":${deepRules(20)}}`)
        .expect(400);
      expect(response.body.error).toMatchObject({
        code: 'segments.invalid_rules',
        message: expect.stringContaining('groups nest at most 12 deep'),
      });
    });
  });

  describe('custom attributes', () => {
    it('refuses a value over 10,000 characters, naming the attribute, and keeps the contact as it was', async () => {
      await http()
        .post('/api/v1/contacts')
        .set(as())
        .send({ external_id: 'A1', attributes: { notes: 'court' } })
        .expect(201);
      const response = await http()
        .post('/api/v1/contacts')
        .set(as())
        .send({ external_id: 'A1', attributes: { notes: 'x'.repeat(20_000) } })
        .expect(400);
      expect(response.body.error).toMatchObject({
        code: 'contacts.invalid',
        fields: [{ field: 'attr.notes', reason: 'at most 10000 characters (got 20000)' }],
      });
      expect((await http().get('/api/v1/contacts/A1').set(as()).expect(200)).body.attributes).toEqual({
        notes: 'court',
      });
    });

    it('refuses more than 200 attributes on one contact', async () => {
      const attributes = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`a${i}`, i]));
      const response = await http()
        .post('/api/v1/contacts')
        .set(as())
        .send({ external_id: 'A2', attributes })
        .expect(400);
      expect(response.body.error.fields).toEqual([
        { field: 'attributes', reason: 'at most 200 custom attributes per contact (got 201)' },
      ]);
    });
  });
});
