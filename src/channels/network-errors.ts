/** What a failed connection attempt is, in a few words for the reason shown to the user. */
const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EDNS: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

interface NetworkError {
  code?: string;
  originalCode?: string;
  message?: string;
  response?: string;
  cause?: unknown;
}

/**
 * "connection refused", "connection timed out", "host not found"…: the system error under the
 * library's own code (nodemailer puts ECONNREFUSED under ESOCKET), a timeout by its message, a
 * relay's refusal by its reply.
 */
export function describeNetworkError(error: NetworkError): string {
  const code = error.originalCode ?? (error.cause as { code?: string } | undefined)?.code ?? error.code ?? '';
  if (/greeting never received/i.test(error.message ?? '')) return 'no greeting (timed out)';
  if (CONNECTION_FAILURES[code]) return CONNECTION_FAILURES[code];
  if (error.response) return error.response.trim();
  if (/timeout|timed out/i.test(error.message ?? '')) return 'connection timed out';
  if (/closed unexpectedly/i.test(error.message ?? '')) return 'connection closed before the greeting';
  return error.message ?? code;
}
