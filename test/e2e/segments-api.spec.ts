import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { daysAgo, insertContacts, insertPurchases, setConsent } from '../support/segment-base';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const NOW = new Date('2026-11-24T10:00:00Z');
const RULES = {
  all: [
    { field: 'region', op: 'eq', value: 'Bretagne' },
    { field: 'consent.email', op: 'eq', value: 'granted' },
  ],
};

describe('segments over HTTP', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  let manager: string;
  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_CONSENT_POLICY: 'fr-cnil' });
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
    manager = (await app.get(ApiKeyService).create('manager')).key;
    const db = app.get(DataSource);
    const ids = await insertContacts(db, [
      { external_id: 'H1', region: 'Bretagne', email: 'h1@exemple.fr' },
      { external_id: 'H2', region: 'Bretagne', email: 'h2@exemple.fr' },
      { external_id: 'H3', region: 'Normandie', email: 'h3@exemple.fr' },
    ]);
    for (const id of ids.values()) await setConsent(db, id, 'email', 'granted', 'checkbox');
    await insertPurchases(
      db,
      ids.get('H1')!,
      [120, 90, 60].map((days) => ({ at: daysAgo(NOW, days), amount: 40 })),
    );
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('previews for a manager: count, sample and breakdown', async () => {
    const response = await http()
      .post('/api/v1/segments/preview')
      .set(as(manager))
      .send({ rules: RULES, at: NOW.toISOString() })
      .expect(200);
    expect(response.body).toMatchObject({
      count: 2,
      breakdown: {
        region: [{ region: 'Bretagne', count: 2 }],
        reachability: { email: { reachable: 2, refused: {} } },
        lifecycle: { unscored: 2 },
      },
      evaluated_at: NOW.toISOString(),
      scored_at: null,
    });
    expect(response.body.sample).toHaveLength(2);
    const count = await http().post('/api/v1/segments/count').set(as(manager)).send({ rules: RULES }).expect(200);
    expect(count.body).toEqual({ count: 2 });
  });

  it('gives a manager the catalogue: every field of the rule language, and the attributes found in the data', async () => {
    const db = app.get(DataSource);
    await db.query(
      `UPDATE contacts SET attributes = CASE external_id
         WHEN 'H1' THEN '{"points": 120, "canal": "web", "inscrit": "2024-03-01", "vip": true}'::jsonb
         WHEN 'H2' THEN '{"points": 40, "canal": "magasin", "inscrit": "2025-01-15"}'::jsonb
         ELSE '{"points": "beaucoup"}'::jsonb END`,
    );
    const response = await http().get('/api/v1/segments/catalogue').set(as(manager)).expect(200);
    const fields = response.body.fields as Array<{
      field: string;
      type: string;
      operators: string[];
      values?: string[];
    }>;
    const byName = new Map(fields.map((field) => [field.field, field]));
    expect(byName.get('lifecycle')).toMatchObject({
      type: 'enum',
      values: ['acquisition', 'development', 'retention', 'decline'],
    });
    expect(byName.get('birth_date')?.operators).toContain('anniversary_within_days');
    expect(byName.get('purchases.total_amount')).toMatchObject({ windowed: true, monetary: true });
    expect(byName.get('consent.sms')).toMatchObject({ type: 'enum', values: ['granted', 'withdrawn', 'none'] });
    // Typed by what most contacts hold; a short list of text values is offered as a list.
    expect(byName.get('attr.points')).toMatchObject({ type: 'number', group: 'Attributs personnalisés' });
    expect(byName.get('attr.canal')).toMatchObject({ type: 'text', values: ['magasin', 'web'] });
    expect(byName.get('attr.inscrit')).toMatchObject({ type: 'date' });
    expect(byName.get('attr.vip')).toMatchObject({ type: 'boolean', operators: ['eq', 'neq', 'is_null', 'not_null'] });
    await http().get('/api/v1/segments/catalogue').expect(401);
  });

  it('answers 400 with the path of each problem', async () => {
    const response = await http()
      .post('/api/v1/segments/preview')
      .set(as(manager))
      .send({
        rules: { all: [{ field: 'region', op: 'eq', value: 'x' }, { any: [{ field: 'age', op: 'gt=', value: 3 }] }] },
      })
      .expect(400);
    expect(response.body.error).toEqual({
      code: 'segments.invalid_rules',
      message: 'invalid segment rules: all[1].any[0].op: unknown operator "gt="',
      fields: [{ field: 'all[1].any[0].op', reason: 'unknown operator "gt="' }],
    });
    await http().post('/api/v1/segments/preview').set(as(manager)).send({}).expect(400);
    await http().post('/api/v1/segments/preview').set(as(manager)).send({ rules: RULES, extra: 1 }).expect(400);
    await http().post('/api/v1/segments/count').set(as(manager)).send({ rules: RULES, at: 'yesterday' }).expect(400);
  });

  it('rescores on demand, then reads lifecycle and silent clients', async () => {
    await http().post('/api/v1/segments/rescore').set(as(manager)).send({}).expect(403);
    const report = await http()
      .post('/api/v1/segments/rescore')
      .set(as(marketer))
      .send({ at: NOW.toISOString() })
      .expect(200);
    expect(report.body).toMatchObject({
      as_of: NOW.toISOString(),
      contacts: 3,
      rfm_scored: 1,
      silent: 0,
      lifecycle: { acquisition: 2, decline: 0 },
    });
    const silent = await http()
      .post('/api/v1/segments/count')
      .set(as(manager))
      .send({ rules: { all: [{ field: 'silent', op: 'eq', value: true }] }, at: NOW.toISOString() })
      .expect(200);
    expect(silent.body).toEqual({ count: 0 });
  });

  it('saves segments (marketer), lists them (manager) and snapshots an audience', async () => {
    await http()
      .post('/api/v1/segments')
      .set(as(manager))
      .send({ name: 'Bretons joignables', rules: RULES })
      .expect(403);
    const created = await http()
      .post('/api/v1/segments')
      .set(as(marketer))
      .send({ name: 'Bretons joignables', description: 'e-mail', rules: RULES })
      .expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Bretons joignables', rules: RULES });
    await http()
      .post('/api/v1/segments')
      .set(as(marketer))
      .send({ name: 'bretons JOIGNABLES', rules: RULES })
      .expect(409);
    expect((await http().get('/api/v1/segments').set(as(manager)).expect(200)).body).toHaveLength(1);
    const preview = await http()
      .post(`/api/v1/segments/${created.body.id}/preview`)
      .set(as(manager))
      .send({})
      .expect(200);
    expect(preview.body.count).toBe(2);

    const snapshot = await http()
      .post('/api/v1/segments/snapshots')
      .set(as(marketer))
      .send({ segment_id: created.body.id, label: 'novembre' })
      .expect(201);
    expect(snapshot.body).toMatchObject({ id: expect.any(String), count: 2, segment_id: created.body.id });
    const members = await http()
      .get(`/api/v1/segments/snapshots/${snapshot.body.id}/members?limit=1`)
      .set(as(marketer))
      .expect(200);
    expect(members.body).toEqual([{ contact_id: expect.any(String), external_id: 'H1' }]);
    await http().get('/api/v1/segments/snapshots/not-an-id').set(as(marketer)).expect(404);

    const updated = await http()
      .put(`/api/v1/segments/${created.body.id}`)
      .set(as(marketer))
      .send({ rules: { all: [{ field: 'region', op: 'eq', value: 'Normandie' }] } })
      .expect(200);
    expect(updated.body.rules.all[0].value).toBe('Normandie');
    expect(
      (await http().get(`/api/v1/segments/snapshots/${snapshot.body.id}`).set(as(marketer)).expect(200)).body,
    ).toMatchObject({ member_count: 2, rules: RULES });
    await http().delete(`/api/v1/segments/${created.body.id}`).set(as(marketer)).expect(200);
    await http().get(`/api/v1/segments/${created.body.id}`).set(as(manager)).expect(404);
  });
});
