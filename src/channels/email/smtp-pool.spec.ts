import * as net from 'node:net';
import { SmtpSink } from '../../../bench/support/smtp-sink';
import { SmtpTransport } from './smtp-transport';

const message = (to: string) => ({
  deliveryId: to,
  messageId: `<${to}>`,
  from: 'a@exemple.fr',
  to,
  raw: Buffer.from(`From: a@exemple.fr\r\nTo: ${to}\r\nMessage-ID: <${to}>\r\nSubject: test\r\n\r\nBonjour\r\n`),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SMTP pool: a relay that cannot be reached, sessions closed by the relay, stopping', () => {
  const transports: SmtpTransport[] = [];
  const sinks: SmtpSink[] = [];
  const transport = (url: string, options: Partial<ConstructorParameters<typeof SmtpTransport>[0]> = {}) => {
    const created = new SmtpTransport({
      url,
      maxConnections: 2,
      rateLimit: 0,
      perDomainConcurrency: 10,
      outageConfirmationMs: 300,
      ...options,
    });
    transports.push(created);
    return created;
  };
  const sink = async (options: ConstructorParameters<typeof SmtpSink>[0] = {}) => {
    const created = new SmtpSink(options);
    sinks.push(created);
    await created.start();
    return created;
  };

  afterEach(async () => {
    for (const created of transports.splice(0)) await created.close();
    for (const created of sinks.splice(0)) await created.stop();
  });

  it('says the relay is unreachable when connections are refused, for every send waiting, then sends once it is back', async () => {
    const relay = await sink();
    await relay.goDown();
    const smtp = transport(relay.url);
    const started = Date.now();
    const outcomes = await Promise.all(
      ['a@exemple.fr', 'b@exemple.fr', 'c@exemple.fr'].map((to) => smtp.send(message(to))),
    );
    expect(outcomes).toEqual(
      Array(3).fill({
        status: 'unreachable',
        error: `relais SMTP injoignable : 127.0.0.1:${relay.port} connection refused`,
      }),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    await relay.comeUp();
    expect(await smtp.send(message('a@exemple.fr'))).toMatchObject({ status: 'sent' });
    expect(relay.received.map((m) => m.to[0])).toEqual(['a@exemple.fr']);
  }, 10_000);

  it('does not mistake a relay restarting for an outage: refused connections are tried again for a moment', async () => {
    const relay = await sink();
    await relay.goDown();
    const smtp = transport(relay.url, { outageConfirmationMs: 3_000 });
    setTimeout(() => void relay.comeUp(), 1_200);
    expect(await smtp.send(message('a@exemple.fr'))).toMatchObject({ status: 'sent' });
  }, 10_000);

  it('names a port nothing listens on, and a relay that never greets, within the connection timeout', async () => {
    const port = await closedPort();
    expect(await transport(`smtp://127.0.0.1:${port}`).send(message('a@exemple.fr'))).toEqual({
      status: 'unreachable',
      error: `relais SMTP injoignable : 127.0.0.1:${port} connection refused`,
    });
    const silent = await sink({ faults: { greeting: () => 'silent' } });
    const started = Date.now();
    expect(await transport(silent.url, { connectionTimeoutMs: 500 }).send(message('a@exemple.fr'))).toEqual({
      status: 'unreachable',
      error: `relais SMTP injoignable : 127.0.0.1:${silent.port} no greeting (timed out)`,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 10_000);

  it('drops a session the relay closed while it waited, and sends on a new one at once', async () => {
    const relay = await sink();
    const smtp = transport(relay.url, { maxConnections: 1 });
    expect(await smtp.send(message('a@exemple.fr'))).toMatchObject({ status: 'sent' });
    relay.closeIdleSessions('now'); // a 421 and a close, as after a relay's idle timeout
    await sleep(50);
    expect(await smtp.send(message('b@exemple.fr'))).toMatchObject({ status: 'sent' });
    relay.closeIdleSessions('on-next-command'); // the 421 and the close cross our next command
    expect(await smtp.send(message('c@exemple.fr'))).toMatchObject({ status: 'sent' });
    relay.closeIdleSessions('silently-on-next-command');
    expect(await smtp.send(message('d@exemple.fr'))).toMatchObject({ status: 'sent' });
    expect(relay.received.map((m) => m.to[0])).toEqual([
      'a@exemple.fr',
      'b@exemple.fr',
      'c@exemple.fr',
      'd@exemple.fr',
    ]);
  }, 10_000);

  it('waits for the open sessions when the relay refuses one more, instead of calling it an outage', async () => {
    const relay = await sink({
      faults: {
        greeting: (sessions) =>
          sessions > 1 ? { code: 421, text: '4.7.0 too many connections from your address' } : undefined,
      },
      replyDelayMs: 20,
    });
    const smtp = transport(relay.url, { maxConnections: 3 });
    expect(await smtp.send(message('first@exemple.fr'))).toMatchObject({ status: 'sent' });
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => smtp.send(message(`m${i}@exemple.fr`))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('sent'));
    expect(relay.received).toHaveLength(7);
  }, 10_000);

  it('closed while sends wait for a session, gives them back at once, not handed over', async () => {
    const silent = await sink({ faults: { greeting: () => 'silent' } });
    const smtp = transport(silent.url, { connectionTimeoutMs: 30_000, maxConnections: 1 });
    const pending = [smtp.send(message('a@exemple.fr')), smtp.send(message('b@exemple.fr'))];
    await sleep(100);
    const closing = Date.now();
    await smtp.close();
    expect(await Promise.all(pending)).toEqual(
      Array(2).fill({ status: 'not_sent', error: 'not handed over: the process is stopping' }),
    );
    expect(Date.now() - closing).toBeLessThan(500);
    expect(await smtp.send(message('c@exemple.fr'))).toMatchObject({ status: 'not_sent' });
  }, 10_000);
});
