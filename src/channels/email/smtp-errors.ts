import type { SendOutcome } from '../channel.types';
import { describeNetworkError } from '../network-errors';

interface SmtpError {
  duringData?: boolean;
  code?: string;
  originalCode?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
  rejected?: string[];
  unreachableRelay?: string;
  stopping?: boolean;
}

/** Commands after which the message may already have been handed over. */
const DURING_DATA = new Set(['DATA', 'BDAT', 'MESSAGE', 'CONN_DATA']);

/** A TLS failure (handshake, certificate): the relay's configuration or ours is wrong, trying again will not help. */
export function isTlsFailure(error: unknown): boolean {
  const e = error as SmtpError;
  return (
    e.code === 'ETLS' ||
    /CERT|SSL|TLS|SIGNATURE/.test(e.originalCode ?? '') ||
    (/certificate|self[- ]signed|TLS/i.test(e.message ?? '') && e.code !== 'ESOCKET')
  );
}

/**
 * What an SMTP failure means for the message (RFC 5321): no session could be opened at all means
 * the relay is unreachable (nothing was handed over: the campaign pauses); 4xx and connection
 * trouble before the data are temporary; 5xx on the recipient is a bounce; a connection lost
 * while the data was being transmitted leaves us not knowing; authentication and TLS failures
 * mean the relay configuration is wrong and the campaign must stop.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as SmtpError;
  const text = `${e.code ?? ''} ${e.responseCode ?? ''} ${e.response ?? e.message ?? String(error)}`.trim();
  if (e.stopping) return { status: 'not_sent', error: 'not handed over: the process is stopping' };
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.responseCode === 535 || e.responseCode === 530)
    return { status: 'fatal', error: `authentication failed: ${text}` };
  if (isTlsFailure(e)) return { status: 'fatal', error: `TLS failure: ${text}` };
  if (e.unreachableRelay)
    return {
      status: 'unreachable',
      error: `relais SMTP injoignable : ${e.unreachableRelay} ${describeNetworkError(e)}`,
    };
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 400 && e.responseCode < 500) return { status: 'retry', error: text };
    if (e.responseCode >= 500) {
      const onRecipient =
        e.command === 'RCPT TO' ||
        (e.rejected?.length ?? 0) > 0 ||
        /^5\.1\.\d/.test(e.response?.slice(4) ?? '') ||
        / 5\.1\.[0-9]/.test(e.response ?? '');
      if (onRecipient) return { status: 'bounced', error: text, hard: true };
      return { status: 'failed', error: text };
    }
  }
  if (e.duringData || (e.command && DURING_DATA.has(e.command)))
    return { status: 'unknown', error: `connection lost during the message data: ${text}` };
  return { status: 'retry', error: text };
}
