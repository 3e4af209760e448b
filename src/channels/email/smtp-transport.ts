import type { EmailTransport, OutboundEmail, SendOutcome } from '../channel.types';
import { classifySmtpError } from './smtp-errors';
import { SmtpPool } from './smtp-pool';

export interface SmtpOptions {
  url: string;
  /** Simultaneous SMTP connections. */
  maxConnections: number;
  /** Messages per second across the pool (0: unlimited). */
  rateLimit: number;
  /** Simultaneous messages to one recipient domain. */
  perDomainConcurrency: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Opening a session may take this long (default 15 s): keep it well within the claim lease. */
  connectionTimeoutMs?: number;
  /** Refused connections are tried again for this long before the relay is declared unreachable (default 3 s). */
  outageConfirmationMs?: number;
}

/** Headers DKIM must cover besides the usual ones: the one-click unsubscribe pair (Gmail/Yahoo bulk sender rules). */
export const DKIM_SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post';

/** A small counting semaphore per recipient domain, so one big provider does not take the whole pool. */
class DomainGate {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async acquire(domain: string): Promise<void> {
    const count = this.active.get(domain) ?? 0;
    if (count < this.limit) {
      this.active.set(domain, count + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const queue = this.waiting.get(domain) ?? [];
      queue.push(resolve);
      this.waiting.set(domain, queue);
    });
  }

  release(domain: string): void {
    const next = this.waiting.get(domain)?.shift();
    if (next) return next();
    this.active.set(domain, (this.active.get(domain) ?? 1) - 1);
  }
}

/** SMTP through nodemailer connections in our pool: TLS as the URL says, DKIM when a key is configured, pre-built raw messages. */
export class SmtpTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly pool: SmtpPool;
  private readonly gate: DomainGate;

  constructor(options: SmtpOptions) {
    const url = new URL(options.url);
    const secure = url.protocol === 'smtps:';
    this.pool = new SmtpPool({
      host: url.hostname,
      port: Number(url.port) || (secure ? 465 : 587),
      secure,
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      maxConnections: options.maxConnections,
      rateLimit: options.rateLimit,
      maxMessagesPerConnection: 1000,
      // `?tls=insecure` accepts a self-signed certificate (a relay on the local network).
      rejectUnauthorized: url.searchParams.get('tls') !== 'insecure',
      dkim: options.dkim ? { ...options.dkim, headerFieldNames: DKIM_SIGNED_HEADERS } : undefined,
      connectionTimeoutMs: options.connectionTimeoutMs ?? 15_000,
      outageConfirmationMs: options.outageConfirmationMs ?? 3_000,
    });
    this.gate = new DomainGate(options.perDomainConcurrency);
  }

  async send(message: OutboundEmail): Promise<SendOutcome> {
    const domain = message.to.slice(message.to.lastIndexOf('@') + 1).toLowerCase();
    const since = Date.now();
    await this.gate.acquire(domain);
    try {
      const info = await this.pool.send({ from: message.from, to: [message.to] }, message.raw, since);
      if (info.rejected.length) return { status: 'bounced', error: `rejected: ${info.response}`, hard: true };
      return { status: 'sent', providerId: info.response.slice(0, 200) };
    } catch (error) {
      return classifySmtpError(error);
    } finally {
      this.gate.release(domain);
    }
  }

  /** Sends still waiting for a session come back `not_sent` at once; those being transmitted finish. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
