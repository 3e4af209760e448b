/**
 * A signed-in visitor of the console for the benchmarks: signs in through the real form (GET
 * /connexion for the cookie and CSRF token, then POST), then times GET requests over loopback.
 */
export class ConsoleClient {
  private cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    const form = await fetch(`${this.origin}/connexion`, { headers: { cookie: this.cookieHeader() } });
    this.keep(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    if (!csrf) throw new Error('console bench: no CSRF token on /connexion');
    const posted = await fetch(`${this.origin}/connexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.origin,
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ email, password, _csrf: csrf, suite: '/' }).toString(),
    });
    this.keep(posted);
    if (posted.status !== 303 && posted.status !== 302)
      throw new Error(`console bench: sign-in answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
  }

  /** One GET, timed from the request to the last byte of the answer; a non-200 answer is an error. */
  async time(path: string): Promise<{ ms: number; bytes: number }> {
    const started = process.hrtime.bigint();
    const response = await fetch(`${this.origin}${path}`, { headers: { cookie: this.cookieHeader() } });
    const body = await response.arrayBuffer();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.status !== 200) throw new Error(`console bench: GET ${path} answered ${response.status}`);
    return { ms, bytes: body.byteLength };
  }
}

export interface PageTiming {
  path: string;
  median: number;
  min: number;
  max: number;
  bytes: number;
}

/** `runs` timed GETs of each path after two untimed ones (compiled templates, warm pool and caches). */
export async function timePages(client: ConsoleClient, paths: string[], runs: number): Promise<PageTiming[]> {
  const timings: PageTiming[] = [];
  for (const path of paths) {
    await client.time(path);
    await client.time(path);
    const samples: number[] = [];
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const timed = await client.time(path);
      samples.push(timed.ms);
      bytes = timed.bytes;
    }
    samples.sort((a, b) => a - b);
    timings.push({
      path,
      median: samples[Math.floor(samples.length / 2)],
      min: samples[0],
      max: samples.at(-1)!,
      bytes,
    });
  }
  return timings;
}
