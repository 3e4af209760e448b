import DKIM from 'nodemailer/lib/dkim';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Transform } from 'node:stream';
import { withFastPath } from './smtp-data';

export interface SmtpPoolOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  maxConnections: number;
  /** Messages per second across the pool (0: unlimited). */
  rateLimit: number;
  /** A connection is renewed after this many messages. */
  maxMessagesPerConnection: number;
  rejectUnauthorized: boolean;
  dkim?: { domainName: string; keySelector: string; privateKey: string; headerFieldNames: string };
}

export interface SmtpSendError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  /** The server had answered 354 to DATA: the message may have been received. */
  duringData?: boolean;
}

/**
 * nodemailer's SMTP connection, its message stream given a fast path for data that needs no
 * dot-stuffing (see `withFastPath`): on a ~50 KB message, nodemailer's byte-by-byte escaping
 * costs about as much as building the message. Should a later nodemailer rename the internal
 * method, this override is simply never called and its own stream is used unchanged.
 */
class FastDataSmtpConnection extends SMTPConnection {
  _createSendStream(callback: (...args: unknown[]) => void): Transform {
    const create = (SMTPConnection.prototype as unknown as { _createSendStream: (this: SMTPConnection, cb: typeof callback) => Transform })._createSendStream;
    return withFastPath(create.call(this, callback));
  }
}

interface PooledConnection {
  connection: SMTPConnection;
  sent: number;
}

/**
 * A pool of nodemailer SMTP connections that knows, when a connection breaks, whether the
 * message data was already being transmitted (the server had answered 354): that is the one
 * case where a message may have been received although no reply came — `unknown`, never
 * re-sent for marketing. nodemailer's own pool does not tell the two apart.
 */
export class SmtpPool {
  private readonly idle: PooledConnection[] = [];
  private readonly waiters: Array<(connection: PooledConnection | undefined) => void> = [];
  private open = 0;
  private closed = false;
  private readonly dkim?: DKIM;
  private nextSlot = 0;

  constructor(private readonly options: SmtpPoolOptions) {
    if (options.dkim) this.dkim = new DKIM(options.dkim);
  }

  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<{ response: string; accepted: string[]; rejected: string[] }> {
    const message = this.dkim ? await this.sign(raw) : raw;
    await this.throttle();
    const pooled = await this.acquire();
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        pooled.connection.send({ ...envelope, size: message.length } as SMTPConnection.Envelope, message, (error, result) => (error ? reject(error) : resolve(result))),
      );
      pooled.sent++;
      this.release(pooled, pooled.sent >= this.options.maxMessagesPerConnection);
      return { response: String(info.response ?? ''), accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String) };
    } catch (raw) {
      const error = raw as SmtpSendError;
      error.duringData = /^354\b/.test(String(pooled.connection.lastServerResponse ?? ''));
      // A reply (4xx/5xx) leaves the session usable after RSET; a broken connection is dropped.
      if (typeof error.responseCode === 'number' && !pooled.connection.destroyed) {
        await new Promise<void>((resolve) => pooled.connection.reset((resetError) => {
          this.release(pooled, Boolean(resetError));
          resolve();
        }));
      } else {
        this.release(pooled, true);
      }
      throw error;
    }
  }

  private async sign(raw: Buffer): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.dkim!.sign(raw)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** A simple pacing: at most `rateLimit` sends start per second. */
  private async throttle(): Promise<void> {
    if (!this.options.rateLimit) return;
    const interval = 1000 / this.options.rateLimit;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  private async acquire(): Promise<PooledConnection> {
    if (this.closed) throw Object.assign(new Error('the SMTP pool is closed'), { code: 'ECONNECTION' });
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.open < this.options.maxConnections) {
      this.open++;
      try {
        return await this.connect();
      } catch (error) {
        this.open--;
        this.wakeNext();
        throw error;
      }
    }
    const handed = await new Promise<PooledConnection | undefined>((resolve) => this.waiters.push(resolve));
    return handed ?? this.acquire();
  }

  private async connect(): Promise<PooledConnection> {
    const connection = new FastDataSmtpConnection({
      host: this.options.host,
      port: this.options.port,
      secure: this.options.secure,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      tls: { rejectUnauthorized: this.options.rejectUnauthorized },
    });
    connection.on('error', () => undefined); // surfaced through the pending send's callback
    await new Promise<void>((resolve, reject) => connection.connect((error?: Error) => (error ? reject(error) : resolve())));
    if (this.options.auth) {
      await new Promise<void>((resolve, reject) =>
        connection.login(this.options.auth!, (error?: Error | null) => {
          if (error) {
            connection.close();
            return reject(error);
          }
          resolve();
        }),
      );
    }
    return { connection, sent: 0 };
  }

  private release(pooled: PooledConnection, discard: boolean): void {
    if (discard || this.closed || pooled.connection.destroyed) {
      this.open--;
      try {
        pooled.connection.quit();
      } catch {
        /* already gone */
      }
      this.wakeNext();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(pooled);
    else this.idle.push(pooled);
  }

  /** A waiter whose connection was discarded retries acquiring (a new one can be opened). */
  private wakeNext(): void {
    this.waiters.shift()?.(undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pooled of this.idle.splice(0)) pooled.connection.quit();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}
