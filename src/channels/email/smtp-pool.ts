import DKIM from 'nodemailer/lib/dkim';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { openSmtpSession, type SmtpSessionOptions } from './smtp-session';

export interface SmtpPoolOptions extends SmtpSessionOptions {
  maxConnections: number;
  /** Messages per second across the pool (0: unlimited). */
  rateLimit: number;
  /** A connection is renewed after this many messages. */
  maxMessagesPerConnection: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string; headerFieldNames: string };
  /** A relay refusing connections is tried again for this long before it is declared unreachable (a relay restarting). */
  outageConfirmationMs: number;
}

export interface SmtpSendError extends Error {
  code?: string;
  /** The system error under nodemailer's code (ECONNREFUSED under ESOCKET). */
  originalCode?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  /** The server had answered 354 to DATA: the message may have been received. */
  duringData?: boolean;
  /** No session could be opened with the relay (`host:port`): nothing was handed over. */
  unreachableRelay?: string;
  /** The pool was closed (the process is stopping) before the message was handed over. */
  stopping?: boolean;
}

interface PooledConnection {
  connection: SMTPConnection;
  sent: number;
  /** Taken from the idle list for this send: it had been waiting, and the relay may have timed it out. */
  fromIdle: boolean;
  /** Closed (by the relay or by us) and no longer counted. */
  gone: boolean;
}

interface Waiter {
  resolve(pooled: PooledConnection | undefined): void;
  reject(error: Error): void;
}

function stoppingError(): SmtpSendError {
  return Object.assign(new Error('the SMTP pool is closed: the process is stopping'), {
    code: 'ECONNECTION',
    stopping: true,
  });
}

/**
 * A pool of nodemailer SMTP connections that knows, when a connection breaks, whether the
 * message data was already being transmitted (the server had answered 354): that is the one
 * case where a message may have been received although no reply came — `unknown`, never
 * re-sent for marketing. nodemailer's own pool does not tell the two apart.
 *
 * It also tells "the relay cannot be reached" (no session can be opened at all: nothing was
 * handed over) from a failure of one message, drops the sessions the relay closes while they
 * wait, and, closed, gives back at once every send still waiting for a connection.
 */
export class SmtpPool {
  private readonly idle: PooledConnection[] = [];
  private readonly waiters: Waiter[] = [];
  /** Connections being opened: closing the pool aborts them. */
  private readonly opening = new Set<SMTPConnection>();
  /** Connections established or being opened. */
  private open = 0;
  private closed = false;
  /** The last time the relay was declared unreachable: the sends that were already waiting then fail with it at once. */
  private outage?: { error: SmtpSendError; at: number };
  private readonly dkim?: DKIM;
  private nextSlot = 0;

  constructor(private readonly options: SmtpPoolOptions) {
    if (options.dkim) this.dkim = new DKIM(options.dkim);
  }

  /** `since`: when the caller started waiting to send it (a relay declared unreachable after that fails it at once). */
  async send(
    envelope: { from: string; to: string[] },
    raw: Buffer,
    since = Date.now(),
  ): Promise<{ response: string; accepted: string[]; rejected: string[] }> {
    const message = this.dkim ? await this.sign(raw) : raw;
    await this.throttle();
    let pooled = await this.acquire({ since });
    for (let retried = false; ; retried = true) {
      try {
        const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
          pooled.connection.send({ ...envelope, size: message.length }, message, (error, result) =>
            error ? reject(error) : resolve(result),
          ),
        );
        pooled.sent++;
        this.release(pooled, pooled.sent >= this.options.maxMessagesPerConnection);
        return {
          response: String(info.response ?? ''),
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        };
      } catch (raw) {
        const error = raw as SmtpSendError;
        error.duringData = /^354\b/.test(String(pooled.connection.lastServerResponse ?? ''));
        // A session the relay closed before it took anything of this message (most often one
        // that waited in the pool past the relay's idle timeout): the message goes out at once
        // on a new session, once (not an attempt of its own).
        if (!retried && this.closedBeforeData(pooled, error)) {
          this.release(pooled, true);
          pooled = await this.acquire({ since, fresh: true });
          continue;
        }
        await this.afterFailure(pooled, error);
        throw error;
      }
    }
  }

  /**
   * Closed before the data, with no reply — or with "closing" (421) as the answer to our first
   * command on a session that had been waiting: the relay's idle timeout crossing that command.
   * A 421 anywhere else is the relay saying "later": the message waits on the retry schedule.
   */
  private closedBeforeData(pooled: PooledConnection, error: SmtpSendError): boolean {
    if (!pooled.connection.destroyed || error.duringData) return false;
    return (
      error.responseCode === undefined ||
      (error.responseCode === 421 && pooled.fromIdle && error.command === 'MAIL FROM')
    );
  }

  /** A reply (4xx/5xx) leaves the session usable after RSET; a broken connection is dropped. */
  private async afterFailure(pooled: PooledConnection, error: SmtpSendError): Promise<void> {
    if (typeof error.responseCode !== 'number' || pooled.connection.destroyed) return this.release(pooled, true);
    await new Promise<void>((resolve) =>
      pooled.connection.reset((resetError) => {
        this.release(pooled, Boolean(resetError));
        resolve();
      }),
    );
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

  /**
   * An idle session, a new one, or the next one released; `fresh`: not one that has been idle.
   * A send already waiting when the relay was declared unreachable fails at once with that
   * verdict; one that comes later (a campaign resumed) tries the relay again.
   */
  private async acquire(options: { since: number; fresh?: boolean }): Promise<PooledConnection> {
    for (;;) {
      if (this.closed) throw stoppingError();
      if (this.outage && options.since <= this.outage.at) throw this.outage.error;
      const ready = options.fresh ? undefined : this.takeIdle();
      if (ready) return ready;
      if (this.open < this.options.maxConnections) {
        const opened = (await this.openConnection()) ?? this.takeIdle();
        if (opened) return opened;
      }
      const handed = await new Promise<PooledConnection | undefined>((resolve, reject) =>
        this.waiters.push({ resolve, reject }),
      );
      if (handed) return handed;
    }
  }

  private takeIdle(): PooledConnection | undefined {
    for (let pooled = this.idle.pop(); pooled; pooled = this.idle.pop()) {
      if (!pooled.connection.destroyed) return Object.assign(pooled, { fromIdle: true });
      this.forget(pooled);
    }
    return undefined;
  }

  /**
   * Opens a session. When the relay cannot be reached and no other session is established, the
   * relay is unreachable: this send and every one waiting fail with the reason. While other
   * sessions work (a relay limiting connections per client), this send waits for one of them.
   */
  private async openConnection(): Promise<PooledConnection | undefined> {
    this.open++;
    try {
      return this.track(await this.connectConfirmed());
    } catch (raw) {
      this.open--;
      const error = raw as SmtpSendError;
      if (this.closed) throw stoppingError();
      if (error.unreachableRelay && this.open > this.opening.size) return undefined;
      if (error.unreachableRelay) {
        this.outage = { error, at: Date.now() };
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      }
      this.wakeNext();
      throw error;
    }
  }

  /** Connects, trying again for a moment when the relay refuses at once (it may be restarting). */
  private async connectConfirmed(): Promise<SMTPConnection> {
    const started = Date.now();
    const pause = Math.min(1_000, this.options.outageConfirmationMs / 3);
    for (;;) {
      try {
        return await this.connect();
      } catch (error) {
        const confirmed = Date.now() - started + pause > this.options.outageConfirmationMs;
        if (!(error as SmtpSendError).unreachableRelay || confirmed || this.closed || (this.outage?.at ?? 0) >= started)
          throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async connect(): Promise<SMTPConnection> {
    const { connection, ready } = openSmtpSession(this.options);
    this.opening.add(connection);
    try {
      return await ready;
    } catch (error) {
      throw this.closed ? stoppingError() : error;
    } finally {
      this.opening.delete(connection);
    }
  }

  private track(connection: SMTPConnection): PooledConnection {
    const pooled: PooledConnection = { connection, sent: 0, fromIdle: false, gone: false };
    // Closed by the relay while idle (its idle timeout), or by us: no longer in the pool.
    connection.once('end', () => this.forget(pooled));
    return pooled;
  }

  /** Takes a closed session out of the count and out of the idle list, once. */
  private forget(pooled: PooledConnection): void {
    if (pooled.gone) return;
    pooled.gone = true;
    this.open--;
    const at = this.idle.indexOf(pooled);
    if (at !== -1) this.idle.splice(at, 1);
    this.wakeNext();
  }

  private release(pooled: PooledConnection, discard: boolean): void {
    if (discard || this.closed || pooled.connection.destroyed) {
      if (!pooled.connection.destroyed) pooled.connection.quit();
      this.forget(pooled);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(Object.assign(pooled, { fromIdle: false }));
    else this.idle.push(pooled);
  }

  /** A waiter whose connection was discarded retries acquiring (a new one can be opened). */
  private wakeNext(): void {
    this.waiters.shift()?.resolve(undefined);
  }

  /** Gives back at once the sends waiting for a session (not handed over); those being transmitted finish. */
  close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(stoppingError());
    for (const connection of this.opening) connection.close();
    for (const pooled of this.idle.splice(0)) {
      pooled.connection.quit();
      this.forget(pooled);
    }
    return Promise.resolve();
  }
}
