import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signWebhook } from '../../src/channels/events/webhook-signature';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { BODY_LIMITS } from '../../src/core/http/body-limits';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

const SECRET = 'webhook-secret-for-limits';

/** A delivery-events batch as the README shows one, `count` events long. */
function eventsBatch(count: number): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, index) => ({
      message_id: `<d${100000 + index}.1a2b3c4d5e6f@maison-atlas.ma>`,
      recipient: `client${index}@exemple-de-domaine.fr`,
      type: 'bounced',
      reason: '550 5.1.1 <client@exemple-de-domaine.fr>: user unknown',
      at: '2026-11-24T09:12:00Z',
      event_id: `fbl-${index}`,
    })),
  );
}

/** A valid e-mail template of about `size` characters: one long paragraph of French copy. */
function largeTemplate(size: number): string {
  const head =
    '---\nsubject: Nos nouveautés de saison\npurpose: marketing\n---\n<mjml><mj-body><mj-section><mj-column><mj-text>';
  const tail =
    '</mj-text><mj-button href="{{response_url}}">Découvrir</mj-button></mj-column></mj-section></mj-body></mjml>';
  const sentence = 'Découvrez « nos nouveautés » : des créations pensées pour vous, à prix doux. ';
  return head + sentence.repeat(Math.floor((size - head.length - tail.length) / sentence.length)) + tail;
}

describe('request body limits: what the README promises passes, more answers 413 naming the limit', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_WEBHOOK_SECRET: SECRET });
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const signedEvents = (raw: string) =>
    http()
      .post('/webhooks/delivery-events')
      .set('Content-Type', 'application/json')
      .set('X-Relance-Signature', signWebhook(SECRET, raw))
      .send(raw);

  it('reads a signed batch of 1,000 delivery events (~220 KB) to its end', async () => {
    const events = JSON.parse(eventsBatch(1000));
    // The last event is wrong on purpose: the answer names it, so the whole body was read and
    // checked, without applying 1,000 events (the webhook tests do that).
    events[999].type = 'opened';
    const raw = JSON.stringify(events);
    expect(raw.length).toBeGreaterThan(200_000);
    const response = await signedEvents(raw);
    expect({ status: response.status, fields: response.body.error?.fields }).toEqual({
      status: 400,
      fields: [{ field: '[999].type', reason: expect.stringContaining('must be one of') }],
    });
  });

  it('stores and lints a 1 MB template', async () => {
    const source = largeTemplate(1024 * 1024);
    expect(source.length).toBeGreaterThan(1024 * 1024 - 100);
    expect(source.length).toBeLessThanOrEqual(1024 * 1024);
    const response = await http()
      .post('/api/v1/templates')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ name: 'Grand modèle', channel: 'email', source });
    expect({ status: response.status, error: response.body.error }).toEqual({ status: 201, error: undefined });
    expect(response.body).toMatchObject({ version: 1, channel: 'email' });
  });

  it('answers 413 with the error shape naming the limit, on the API and on a webhook', async () => {
    const tooLarge = JSON.stringify({ name: 'x', channel: 'email', source: 'x'.repeat(BODY_LIMITS.json) });
    const api = await http()
      .post('/api/v1/templates')
      .set('Authorization', `Bearer ${marketer}`)
      .set('Content-Type', 'application/json')
      .send(tooLarge)
      .expect(413);
    expect(api.body).toEqual({
      error: { code: 'http.payload_too_large', message: 'request body too large: the limit is 2 MB' },
    });
    const webhook = await signedEvents(tooLarge).expect(413);
    expect(webhook.body.error.code).toBe('http.payload_too_large');
  });

  it('answers 413 to a form over its limit on a public page', async () => {
    const response = await http()
      .post('/r')
      .type('form')
      .send({ c: 'x'.repeat(BODY_LIMITS.form) })
      .expect(413);
    expect(response.body).toEqual({
      error: { code: 'http.payload_too_large', message: 'request body too large: the limit is 256 KB' },
    });
  });

  it('still streams a multipart CSV upload larger than the JSON limit', async () => {
    const lines = ['external_id;prénom;e-mail'];
    for (let index = 0; lines.join('\n').length < BODY_LIMITS.json + 100_000; index++) {
      for (let batch = 0; batch < 1000; batch++, index++)
        lines.push(`L${index};Léa${index};lea${index}@exemple-de-domaine-assez-long.fr`);
    }
    const csv = Buffer.from(lines.join('\n') + '\n', 'utf8');
    const response = await http()
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${marketer}`)
      .field('kind', 'contacts')
      .attach('file', csv, { filename: 'clients.csv', contentType: 'text/csv' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ inserted: lines.length - 1, rejected: 0 });
  });
});
