import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSmsTransport } from './http-sms-transport';

const sms = { deliveryId: '1', to: '+212661000001', text: 'Bonjour' };

describe('HttpSmsTransport: a provider that cannot be reached', () => {
  let received: string[];
  let server: http.Server;
  let port: number;
  const transports: HttpSmsTransport[] = [];
  const transport = (url = `http://127.0.0.1:${port}/send`, timeoutMs?: number) => {
    const created = new HttpSmsTransport({ url, timeoutMs });
    transports.push(created);
    return created;
  };

  beforeEach(async () => {
    received = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body).reference);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const created of transports.splice(0)) await created.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('says the provider is unreachable when it refuses connections (nothing sent), then sends once it is back', async () => {
    const smsTransport = transport();
    expect(await smsTransport.send(sms)).toEqual({ status: 'sent', providerId: 'gw-1' });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => setTimeout(resolve, 100)); // our idle connection sees the close
    expect(await smsTransport.send({ ...sms, deliveryId: '2' })).toEqual({
      status: 'unreachable',
      error: `fournisseur SMS injoignable : 127.0.0.1:${port} connection refused`,
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(await smsTransport.send({ ...sms, deliveryId: '2' })).toEqual({ status: 'sent', providerId: 'gw-2' });
    expect(received).toEqual(['1', '2']);
  });

  it('names an unknown host', async () => {
    const outcome = await transport('http://sms-provider.invalid/send').send(sms);
    expect(outcome).toEqual({
      status: 'unreachable',
      error: expect.stringMatching(/^fournisseur SMS injoignable : sms-provider\.invalid:80 host not found/),
    });
  });

  it('does not know the fate of a request the provider took and never answered', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const outcome = await transport(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/send`, 300).send(sms);
      expect(outcome).toEqual({ status: 'unknown', error: 'request failed: no answer in time' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
