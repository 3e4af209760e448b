import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { FastDataSmtpConnection } from '../../core/smtp/fast-data-smtp-connection';
import { isTlsFailure } from './smtp-errors';

export interface SmtpSessionOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  rejectUnauthorized: boolean;
  /** Opening the session (connection, greeting, STARTTLS) may take this long. */
  connectionTimeoutMs: number;
}

/**
 * Starts opening one session: `connection` (closing it aborts the opening) and `ready`, settled
 * whatever happens — nodemailer reports a refused or timed-out connection only as an `error`
 * event (the connect callback is never called), and a close before the greeting only as `end`.
 * A failure before the relay answered (anything but TLS and authentication) carries
 * `unreachableRelay`: nothing can have been handed over.
 */
export function openSmtpSession(options: SmtpSessionOptions): {
  connection: SMTPConnection;
  ready: Promise<SMTPConnection>;
} {
  const timeout = options.connectionTimeoutMs;
  const connection = new FastDataSmtpConnection({
    host: options.host,
    port: options.port,
    secure: options.secure,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 60_000,
    tls: { rejectUnauthorized: options.rejectUnauthorized },
  });
  connection.on('error', () => undefined); // an idle session's error: its 'end' follows
  const ready = new Promise<SMTPConnection>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error & { unreachableRelay?: string }, answered = false) => {
      if (settled) return;
      settled = true;
      connection.removeListener('error', refused);
      connection.removeListener('end', closed);
      if (!error) return resolve(connection);
      connection.close();
      if (!answered && !isTlsFailure(error)) error.unreachableRelay = `${options.host}:${options.port}`;
      reject(error);
    };
    const refused = (error: Error) => settle(error);
    const closed = () => settle(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }));
    connection.once('error', refused);
    connection.once('end', closed);
    connection.connect((error?: Error) => {
      if (error) return settle(error);
      if (!options.auth) return settle();
      connection.login(options.auth, (loginError?: Error | null) => settle(loginError ?? undefined, true));
    });
  });
  return { connection, ready };
}
