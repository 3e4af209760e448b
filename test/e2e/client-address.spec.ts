import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ContactsService } from '../../src/contacts/contacts.service';
import { UnsubscribeLinks } from '../../src/consent/unsubscribe/unsubscribe-links';
import { RATE_POLICIES } from '../../src/core/http/rate-limits';
import { runCli } from '../support/cli';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { withFrozenClock } from '../support/frozen-clock';

describe('the client address behind a reverse proxy (RELANCE_TRUST_PROXY)', () => {
  let env: TestEnvironment;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startHttp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  /** One-click unsubscribes a new contact through `server`, as the client `forwardedFor`; the address its consent proof records. */
  async function unsubscribeAs(server: INestApplication, externalId: string, forwardedFor: string): Promise<string> {
    const { contact } = await server
      .get(ContactsService)
      .upsert({ external_id: externalId, email: `${externalId.toLowerCase()}@exemple.fr` });
    const path = new URL(server.get(UnsubscribeLinks).url({ contactId: contact.id })).pathname;
    await request(server.getHttpServer())
      .post(path)
      .set('X-Forwarded-For', forwardedFor)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const [event] = await server
      .get(DataSource)
      .query(`SELECT host(ip) AS ip FROM consent_events WHERE contact_id = $1 AND status = 'withdrawn'`, [contact.id]);
    return event.ip;
  }

  it('records the client given by a trusted proxy (loopback by default) in the consent proof', async () => {
    expect(await unsubscribeAs(app, 'P1', '203.0.113.7')).toBe('203.0.113.7');
    // Two proxies: the client is the address the nearest one received the request from.
    expect(await unsubscribeAs(app, 'P2', '198.51.100.4, 203.0.113.8')).toBe('203.0.113.8');
  });

  /** Statuses of GET /r for each client in turn, `rounds` times (the page bucket holds RATE_POLICIES.page.capacity). */
  async function pageStatuses(server: INestApplication, clients: string[], rounds: number): Promise<number[]> {
    return withFrozenClock(async () => {
      const statuses: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const client of clients)
          statuses.push((await request(server.getHttpServer()).get('/r').set('X-Forwarded-For', client)).status);
      }
      return statuses;
    });
  }

  it('gives each client behind a trusted proxy its own rate-limit bucket', async () => {
    const capacity = RATE_POLICIES.page.capacity;
    const first = await pageStatuses(app, ['203.0.113.21'], capacity + 1);
    expect(first.slice(0, capacity).every((status) => status === 200)).toBe(true);
    expect(first[capacity]).toBe(429);
    expect(await pageStatuses(app, ['203.0.113.22'], 1)).toEqual([200]);
  });

  it('ignores X-Forwarded-For from a peer it does not trust, and says so once in the log', async () => {
    process.env.RELANCE_TRUST_PROXY = '10.0.0.1';
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const untrusting = await startHttp();
    try {
      expect(await unsubscribeAs(untrusting, 'P3', '203.0.113.9')).toMatch(/127\.0\.0\.1$/);
      expect(await unsubscribeAs(untrusting, 'P4', '203.0.113.10')).toMatch(/127\.0\.0\.1$/);
      const warnings = warn.mock.calls
        .map(([message]) => String(message))
        .filter((message) => message.includes('X-Forwarded-For'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('RELANCE_TRUST_PROXY (10.0.0.1) does not trust');
      // A client that names itself another address each time still draws from the peer's one bucket.
      const capacity = RATE_POLICIES.page.capacity;
      const spoofed = await pageStatuses(
        untrusting,
        Array.from({ length: capacity + 1 }, (_, index) => `192.0.2.${index + 1}`),
        1,
      );
      expect(spoofed.filter((status) => status === 429)).toHaveLength(1);
      expect(spoofed[capacity]).toBe(429);
    } finally {
      warn.mockRestore();
      delete process.env.RELANCE_TRUST_PROXY;
      await untrusting.close();
    }
  });

  it('refuses a value it cannot read, in one line naming the variable', async () => {
    process.env.RELANCE_TRUST_PROXY = 'proxy.example.com';
    try {
      const result = await runCli('kpi');
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'relance: error: invalid configuration: RELANCE_TRUST_PROXY must be a number of proxy hops, or addresses and CIDR ranges separated by commas (also loopback, linklocal, uniquelocal); "proxy.example.com" is neither\n',
      );
    } finally {
      delete process.env.RELANCE_TRUST_PROXY;
    }
  });
});
