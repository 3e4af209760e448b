import * as net from 'node:net';
import { sleep, startRelance } from './relance-process';

/** A free loopback port for a `relance serve` child. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Waits until the console's sign-in page answers (the server is up), or the child exits. */
export async function waitForServer(origin: string, child: ReturnType<typeof startRelance>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`relance serve exited ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/connexion`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('relance serve did not answer within 60 s');
}

/** Stops a `relance serve` child and waits for it to exit. */
export async function stopServer(child: ReturnType<typeof startRelance> | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One call of relance's HTTP API with a key; a refusal is an error carrying the answer. */
export async function api<T = unknown>(
  origin: string,
  key: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${origin}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
