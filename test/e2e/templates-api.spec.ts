import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { FRENCH_SENDER, insertContacts } from '../support/template-fixtures';

describe('HTTP API: templates', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  let manager: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
    manager = (await app.get(ApiKeyService).create('manager')).key;
    await insertContacts(app.get(DataSource), 3, 'H');
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const post = (url: string, body: object, key = marketer) =>
    request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${key}`).send(body);
  const get = (url: string, key = marketer) =>
    request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${key}`);

  it('lints a library template, or a source, with the contract shape', async () => {
    expect(
      (await post('/api/v1/templates/lint', { template: 'templates/letters/winback.hbs' }).expect(200)).body,
    ).toEqual({ errors: [], warnings: [] });
    const bad = await post('/api/v1/templates/lint', {
      source: '---\nobjective: sale\n---\nBonjour.',
      channel: 'letter',
    }).expect(200);
    expect(bad.body.errors.map((issue: { rule: string }) => issue.rule)).toEqual([
      'accroche-missing',
      'coupon-missing',
    ]);
    expect(bad.body.errors[0]).toEqual({ rule: 'accroche-missing', message: expect.any(String) });
  });

  it('refuses a template reference that is not a library path or an id', async () => {
    const response = await post('/api/v1/templates/lint', { template: 'templates/../../etc/passwd' }).expect(400);
    expect(response.body.error.fields[0].field).toBe('template');
    await post('/api/v1/templates/preview', { template: '/etc/passwd' }).expect(400);
  });

  it('previews an e-mail for a contact as JSON or HTML, and a letter as PDF', async () => {
    const json = await post('/api/v1/templates/preview', {
      template: 'templates/email/birthday.mjml',
      contact: 'H00002',
      sender: FRENCH_SENDER,
      data: { gift_amount: 25 },
    }).expect(200);
    expect(json.body).toMatchObject({
      channel: 'email',
      subject: 'Joyeux anniversaire, Zoé !',
      contact: 'H00002',
      sample_data: false,
      lint: { errors: [] },
    });
    expect(json.body.html).toContain('25\u00a0€');
    const html = await post('/api/v1/templates/preview', {
      template: 'templates/email/birthday.mjml',
      format: 'html',
    }).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    const pdf = await post('/api/v1/templates/preview', { template: 'templates/letters/winback.hbs', format: 'pdf' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const sms = await post('/api/v1/templates/preview', { template: 'templates/sms/promotion.hbs' }).expect(200);
    expect(sms.body).toMatchObject({
      channel: 'sms',
      encoding: 'GSM-7',
      segments: expect.any(Number),
      cost: { per_segment: 0.35, currency: 'MAD' },
    });
    const priced = await post('/api/v1/templates/preview', {
      template: 'templates/sms/promotion.hbs',
      sms_price: 0.07,
      currency: 'EUR',
    }).expect(200);
    expect(priced.body.cost).toEqual({
      per_segment: 0.07,
      total: Math.round(0.07 * priced.body.segments * 10000) / 10000,
      currency: 'EUR',
    });
  });

  it('names the missing variable and the contact when a preview cannot render', async () => {
    const response = await post('/api/v1/templates/preview', {
      template: 'templates/letters/winback.hbs',
      contact: 'H00001',
      data: {},
      sender: { name: 'X' },
    }).expect(400);
    expect(response.body.error).toMatchObject({
      code: 'templates.missing_variable',
      message: expect.stringContaining('(H00001)'),
    });
  });

  it('stores a template, versions its edits and lists its versions', async () => {
    const source = '---\nobjective: information\n---\nVotre commande {{attr.points_fidelite}} est prête.';
    const created = await post('/api/v1/templates', { name: 'Commande prête', channel: 'sms', source }).expect(201);
    expect(created.body).toMatchObject({ name: 'Commande prête', channel: 'sms', version: 1, lint: { errors: [] } });
    const id = created.body.id;
    const updated = await request(app.getHttpServer())
      .put(`/api/v1/templates/${id}`)
      .set('Authorization', `Bearer ${marketer}`)
      .send({ source: `${source}\nMerci !` })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, created_version: true });
    expect(
      (await get(`/api/v1/templates/${id}/versions`).expect(200)).body.items.map(
        (item: { version: number }) => item.version,
      ),
    ).toEqual([1, 2]);
    expect((await get(`/api/v1/templates/${id}/versions/1`).expect(200)).body.source).toBe(source);
    expect((await post('/api/v1/templates/lint', { template: id }).expect(200)).body.errors).toEqual([]);
    const broken = await post('/api/v1/templates', {
      name: 'Cassé',
      channel: 'sms',
      source: '---\nobjective: sale\n---\n{{#if x}}',
    }).expect(400);
    expect(broken.body.error.code).toBe('templates.syntax');
    await get('/api/v1/templates/00000000-0000-0000-0000-000000000000').expect(404);
  });

  it('gives the call list as JSON or CSV', async () => {
    const json = await post('/api/v1/templates/call-list', { external_ids: ['H00001', 'H00002'] }).expect(200);
    expect(json.body.items).toHaveLength(2);
    const csv = await post('/api/v1/templates/call-list', { external_ids: ['H00001'], format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toMatch(/^1,H00001,M\. Gaël Lefèvre-1,,'\+33612340001,tail,purchases_24m,0,0,/);
  });

  it('is for marketers, and documented in OpenAPI', async () => {
    await post('/api/v1/templates/lint', { template: 'templates/letters/winback.hbs' }, manager).expect(403);
    expect((await get('/api/v1/templates/library').expect(200)).body.items.length).toBeGreaterThan(30);
    const docs = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/templates/preview',
        '/api/v1/templates/lint',
        '/api/v1/templates/call-list',
        '/api/v1/templates/{id}/versions',
      ]),
    );
  });
});
