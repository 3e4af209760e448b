import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ContactsService } from '../../src/contacts/contacts.service';
import { UnsubscribeLinks } from '../../src/consent/unsubscribe/unsubscribe-links';
import { ApiKeyService } from '../../src/core/auth/api-key.service';
import { PACKAGE_ROOT } from '../../src/core/package-root';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';

/** What the page policy refuses: any inline script or style, event attributes, javascript: URLs. */
const INLINE_CODE = /<script\b|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i;

function policy(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

function expectCommonHeaders(headers: Record<string, string>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(policy(headers['content-security-policy'])['frame-ancestors']).toBe("'none'");
}

function expectPagePolicy(headers: Record<string, string>): void {
  expectCommonHeaders(headers);
  const directives = policy(headers['content-security-policy']);
  expect(directives).toMatchObject({
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
  });
  expect(headers['content-security-policy']).not.toContain('unsafe-inline');
}

describe('security headers on every response, and pages that keep working under them', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let marketer: string;
  let unsubscribePath: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment({ PUBLIC_URL: 'http://relance.test' });
    app = await startHttp();
    marketer = (await app.get(ApiKeyService).create('marketer')).key;
    const { contact } = await app.get(ContactsService).upsert({ external_id: 'H1', email: 'h1@exemple.fr' });
    unsubscribePath = new URL(app.get(UnsubscribeLinks).url({ contactId: contact.id })).pathname;
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('serves the public pages under the page policy, with no inline script or style in them', async () => {
    const pages = [
      await http().get(unsubscribePath).expect(200),
      await http().get('/u/not-a-token').expect(404),
      await http().get('/r').expect(200),
      await http().get('/r?c=7K3M9QX2F4P&score=7').expect(200),
      await http().get('/reclamation').expect(200),
      await http().get('/t/c/not-a-token').expect(400),
    ];
    for (const page of pages) {
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expectPagePolicy(page.headers);
      expect(page.text).not.toMatch(INLINE_CODE);
      expect(page.text).toContain('<link rel="stylesheet" href="/assets/pages.css">');
      expect(page.headers['strict-transport-security']).toBeUndefined();
    }
    const stylesheet = await http().get('/assets/pages.css').expect(200);
    expect(stylesheet.headers['content-type']).toMatch(/^text\/css/);
    expect(stylesheet.text).toContain('.scores');
  });

  it('has no inline script, style or event attribute in any page template', () => {
    const folder = path.join(PACKAGE_ROOT, 'templates', 'pages');
    for (const file of fs.readdirSync(folder)) {
      expect({ file, inline: INLINE_CODE.exec(fs.readFileSync(path.join(folder, file), 'utf8'))?.[0] }).toEqual({
        file,
        inline: undefined,
      });
    }
  });

  it('puts the headers on API answers and errors too', async () => {
    expectCommonHeaders((await http().get('/health').expect(200)).headers);
    expectCommonHeaders((await http().get('/api/v1/contacts').expect(401)).headers);
    expectCommonHeaders((await http().get('/nowhere').expect(404)).headers);
    expectCommonHeaders(
      (
        await http()
          .post('/api/v1/contacts')
          .set('Authorization', `Bearer ${marketer}`)
          .set('Content-Type', 'application/json')
          .send('{"x":')
          .expect(400)
      ).headers,
    );
  });

  it('lets webmails load the open pixel from their own origin', async () => {
    const pixel = await http().get('/t/o/not-a-token.gif').expect(404);
    expect(pixel.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect((await http().get('/health')).headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('relaxes styles for the Swagger UI only, whose scripts are all files', async () => {
    const docs = await http().get('/api/docs/').expect(200);
    expectCommonHeaders(docs.headers);
    const directives = policy(docs.headers['content-security-policy']);
    expect(directives['style-src']).toBe("'self' 'unsafe-inline'");
    expect(directives['script-src']).toBe("'self'");
    const scripts = docs.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toMatch(/\ssrc=/);
    const init = await http().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('SwaggerUIBundle');
  });

  it('sandboxes a template preview served as HTML', async () => {
    const preview = await http()
      .post('/api/v1/templates/preview')
      .set('Authorization', `Bearer ${marketer}`)
      .send({ template: 'templates/email/birthday.mjml', format: 'html' })
      .expect(200);
    expect(preview.headers['content-type']).toMatch(/^text\/html/);
    const directives = policy(preview.headers['content-security-policy']);
    expect(directives).toMatchObject({ sandbox: '', 'default-src': "'none'" });
    expect(directives['script-src']).toBeUndefined();
  });

  it('sends HSTS only when PUBLIC_URL is https', async () => {
    process.env.PUBLIC_URL = 'https://relance.test';
    const secure = await startHttp();
    try {
      const page = await request(secure.getHttpServer()).get('/r').expect(200);
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(policy(page.headers['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
    } finally {
      process.env.PUBLIC_URL = env.env.PUBLIC_URL;
      await secure.close();
    }
  });
});
