import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { insertContacts, setConsent } from '../support/segment-base';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'automations', `${name}.json`), 'utf8'));

describe('automations and events over HTTP', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  let manager: string;
  let admin: string;
  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_TIMEZONE: 'Europe/Paris' });
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
    manager = (await app.get(ApiKeyService).create('manager')).key;
    admin = (await app.get(ApiKeyService).create('admin')).key;
    const ids = await insertContacts(app.get(DataSource), [
      { external_id: 'R1', email: 'r1@exemple.fr' },
      { external_id: 'R2', email: 'r2@exemple.fr' },
    ]);
    for (const id of ids.values()) await setConsent(app.get(DataSource), id, 'email', 'granted', 'checkbox');
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('creates (then updates by name) an automation; a manager may read but not write', async () => {
    const body = example('referral-thanks');
    await http().post('/api/v1/automations').set(as(manager)).send(body).expect(403);
    const created = await http().post('/api/v1/automations').set(as(marketer)).send(body).expect(201);
    const updated = await http()
      .post('/api/v1/automations')
      .set(as(marketer))
      .send({ ...body, holdout_percent: 0 })
      .expect(201);
    expect(updated.body.id).toBe(created.body.id);
    const list = await http().get('/api/v1/automations').set(as(manager)).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: created.body.id, name: 'Merci pour le parrainage', status: 'active' }),
    ]);
  });

  it('refuses an invalid automation naming each field', async () => {
    const response = await http()
      .post('/api/v1/automations')
      .set(as(marketer))
      .send({ name: 'x', trigger: { type: 'fixed_date', month: 2, day: 30 }, channel: 'fax' })
      .expect(400);
    const fields = JSON.stringify(response.body);
    expect(fields).toContain('trigger.day');
    expect(fields).toContain('channel');
    expect(fields).toContain('sender');
  });

  it('an event posted once (even twice) triggers one thank-you, visible in upcoming before the tick', async () => {
    const {
      body: [automation],
    } = await http().get('/api/v1/automations').set(as(manager)).expect(200);
    const event = {
      external_id: 'R1',
      name: 'referral_succeeded',
      occurred_at: new Date(Date.now() + 3_600_000).toISOString(),
      data: { filleul: 'Hamza' },
      idempotency_key: 'ref-42',
    };
    const first = await http().post('/api/v1/events').set(as(marketer)).send(event).expect(201);
    const again = await http().post('/api/v1/events').set(as(marketer)).send(event).expect(201);
    expect(first.body.created).toBe(true);
    expect(again.body).toEqual({ id: first.body.id, created: false });
    await http()
      .post('/api/v1/events')
      .set(as(marketer))
      .send({ ...event, external_id: 'NOPE', idempotency_key: 'x' })
      .expect(404);
    await http()
      .post('/api/v1/events')
      .set(as(marketer))
      .send({ ...event, name: 'Referral Succeeded' })
      .expect(400);

    const upcoming = await http().get(`/api/v1/automations/${automation.id}/upcoming`).set(as(manager)).expect(200);
    expect(upcoming.body.messages).toEqual([
      expect.objectContaining({ external_id: 'R1', status: 'scheduled', channel: 'email' }),
    ]);
    const at = new Date(Date.now() + 2 * 3_600_000).toISOString();
    await http()
      .post(`/api/v1/automations/run?at=${encodeURIComponent(at)}`)
      .set(as(marketer))
      .expect(403);
    const run = await http()
      .post(`/api/v1/automations/run?at=${encodeURIComponent(at)}`)
      .set(as(admin))
      .expect(200);
    expect(run.body).toEqual({ due: 1, queued: 1, skipped: {} });
    const replay = await http()
      .post(`/api/v1/automations/run?at=${encodeURIComponent(at)}`)
      .set(as(admin))
      .expect(200);
    expect(replay.body).toEqual({ due: 0, queued: 0, skipped: {} });
    const report = await http().get(`/api/v1/automations/${automation.id}/report`).set(as(manager)).expect(200);
    expect(report.body).toMatchObject({
      automation_id: automation.id,
      audience: { segment: 1, targeted: 1, holdout: 0 },
      occurrences: { queued: 1 },
      messages: { queued: 1 },
    });
    await http().get(`/api/v1/automations/${automation.id}/upcoming?days=90`).set(as(manager)).expect(400);
  });

  it('pauses and resumes', async () => {
    const {
      body: [automation],
    } = await http().get('/api/v1/automations').set(as(manager)).expect(200);
    await http()
      .post(`/api/v1/automations/${automation.id}/pause`)
      .set(as(marketer))
      .expect(200, { id: automation.id, status: 'paused' });
    const run = await http()
      .post(`/api/v1/automations/run?at=${encodeURIComponent(new Date().toISOString())}`)
      .set(as(admin))
      .expect(200);
    expect(run.body.due).toBe(0);
    await http()
      .post(`/api/v1/automations/${automation.id}/resume`)
      .set(as(marketer))
      .expect(200, { id: automation.id, status: 'active' });
  });
});
