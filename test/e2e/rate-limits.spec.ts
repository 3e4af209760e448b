import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ContactsService } from '../../src/contacts/contacts.service';
import { UnsubscribeLinks } from '../../src/consent/unsubscribe/unsubscribe-links';
import { RATE_LIMIT, RATE_POLICIES, type RatePolicyName } from '../../src/core/http/rate-limits';
import { ratePoliciesOf } from '../../src/core/http/rate-limit.guard';
import { RateLimiter } from '../../src/core/http/rate-limiter';
import { listRoutes, type Route } from '../support/routes';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { withFrozenClock } from '../support/frozen-clock';

/** A client address of its own for each case (relance trusts the loopback proxy the tests connect from). */
let clients = 0;
const newClient = () => `198.18.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

describe('rate limits on every public route', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  let publicRoutes: Route[];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_WEBHOOK_SECRET: 'webhook-secret-for-rate-limits' });
    app = await startHttp();
    publicRoutes = listRoutes(app).filter((route) => route.public);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('finds every public route, and each names the buckets it draws from', () => {
    const described = publicRoutes.map((route) => `${route.method} ${route.path}`).sort();
    expect(described).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /u/:token',
        'POST /u/:token',
        'POST /u/:token/preferences',
        'GET /t/o/:file',
        'GET /t/c/:token',
        'GET /r',
        'POST /r',
        'GET /reclamation',
        'POST /reclamation',
        'POST /webhooks/delivery-events',
        'POST /webhooks/sms/receipts',
        'POST /webhooks/sms/inbound',
        'POST /webhooks/email/inbound',
        'POST /webhooks/complaints/email',
      ]),
    );
    const reflector = app.get(Reflector);
    const unnamed = publicRoutes.filter(
      (route) => !reflector.getAllAndOverride<RatePolicyName[]>(RATE_LIMIT, route.targets)?.length,
    );
    expect(unnamed.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('answers 429 with Retry-After on each of them once the client has used up its bucket', async () => {
    const limiter = app.get(RateLimiter);
    const reflector = app.get(Reflector);
    // The clock stands still: a busy machine must not refill a bucket (3,000 a minute for webhooks)
    // between draining it and the request that should be refused.
    await withFrozenClock(() => expectEveryRouteRefused(limiter, reflector));
    // Another client is not held back by the first one's bucket.
    await http().get('/health').set('X-Forwarded-For', newClient()).expect(200);
  });

  async function expectEveryRouteRefused(limiter: RateLimiter, reflector: Reflector): Promise<void> {
    for (const route of publicRoutes) {
      const client = newClient();
      for (const name of ratePoliciesOf(reflector, route.targets)) {
        const policy: { capacity: number; perMinute: number; per: unknown } = RATE_POLICIES[name];
        if (policy.per !== 'address') continue;
        while (limiter.allow(`${name}:${client}`, policy.capacity, policy.perMinute));
      }
      const path = route.path.replace(/:[a-z]+/g, 'x');
      const refused = await http()[route.method.toLowerCase() as 'get' | 'post'](path).set('X-Forwarded-For', client);
      expect({
        route: `${route.method} ${route.path}`,
        status: refused.status,
        code: refused.body?.error?.code,
      }).toEqual({ route: `${route.method} ${route.path}`, status: 429, code: 'http.rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  }

  it('shows people a page in French, with Retry-After', async () => {
    const client = newClient();
    const refused = await withFrozenClock(async () => {
      for (let attempt = 0; attempt < RATE_POLICIES.page.capacity; attempt++)
        await http().get('/r').set('X-Forwarded-For', client).expect(200);
      return http()
        .get('/r')
        .set('X-Forwarded-For', client)
        .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .expect(429);
    });
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.text).toContain('Merci de réessayer dans 1 minute.');
  });

  it('adds one ledger row however often a one-click unsubscribe is posted, and a link acts at most 5 times a minute', async () => {
    const { contact } = await app.get(ContactsService).upsert({ external_id: 'RL1', email: 'rl1@exemple.fr' });
    const path = new URL(app.get(UnsubscribeLinks).url({ contactId: contact.id })).pathname;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      // A new address each time: the link's own bucket is what stops it.
      statuses.push(
        (await http().post(path).set('X-Forwarded-For', newClient()).type('form').send('List-Unsubscribe=One-Click'))
          .status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    await http()
      .post(`${path}/preferences`)
      .set('X-Forwarded-For', newClient())
      .type('form')
      .send({ sms: 'on' })
      .expect(429);
    const events = await app
      .get(DataSource)
      .query(`SELECT channel, status FROM consent_events WHERE contact_id = $1`, [contact.id]);
    expect(events).toEqual([{ channel: 'email', status: 'withdrawn' }]);
  });

  it('adds ledger rows for the preference centre only when a state changes', async () => {
    const { contact } = await app
      .get(ContactsService)
      .upsert({ external_id: 'RL2', email: 'rl2@exemple.fr', phone: '+33612345678' });
    const path = `${new URL(app.get(UnsubscribeLinks).url({ contactId: contact.id })).pathname}/preferences`;
    for (let attempt = 0; attempt < 3; attempt++)
      await http().post(path).set('X-Forwarded-For', newClient()).type('form').send({ email: 'on' }).expect(200);
    const events = await app
      .get(DataSource)
      .query(`SELECT channel, status FROM consent_events WHERE contact_id = $1 ORDER BY channel`, [contact.id]);
    // email granted once; sms, phone and postal withdrawn once each (unticked, and never withdrawn before).
    expect(events).toEqual([
      { channel: 'email', status: 'granted' },
      { channel: 'phone', status: 'withdrawn' },
      { channel: 'postal', status: 'withdrawn' },
      { channel: 'sms', status: 'withdrawn' },
    ]);
  });
});
