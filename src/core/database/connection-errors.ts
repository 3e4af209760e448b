import { DomainError } from '../errors/domain-error';

/** Turns a driver error at connect time into one line a user can act on (never a stack trace). */
export function describeConnectionError(error: unknown, url: string): DomainError {
  const err = error as { code?: string; message?: string };
  let where = 'the database';
  try {
    const parsed = new URL(url);
    where = `PostgreSQL at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    /* the URL was validated at boot; keep the generic wording */
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running?)',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name could not be resolved',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    '28P01': 'authentication failed (check user and password)',
    '28000': 'connection rejected by the server (pg_hba.conf or role)',
    '3D000': 'database does not exist',
    '57P03': 'the server is starting up or shutting down',
  };
  const reason = (err.code && reasons[err.code]) || err.message || String(error);
  return DomainError.unavailable('database.unreachable', `cannot use ${where}: ${reason}; check DATABASE_URL`);
}
