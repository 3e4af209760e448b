import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

/**
 * The request comes from relance's own pages as far as the browser says. `Sec-Fetch-Site`, when
 * sent (every current browser), decides: same-origin, or none (typed by the user). Otherwise an
 * `Origin` must name the host the request was sent to; `Origin: null` (what a browser sends under
 * relance's no-referrer policy) proves nothing either way and leaves it to the CSRF token.
 */
export function sameOrigin(request: Request): boolean {
  const site = request.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = request.get('origin');
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === request.get('host');
  } catch {
    return false;
  }
}

/**
 * The token the page's form (`_csrf`) or htmx (`X-CSRF-Token`) sent, compared in constant time. A
 * file upload's body is read after this check (streamed to disk by the page), so its form carries
 * the token in its action's query (`?_csrf=`) instead; only multipart requests may.
 */
export function presentedTokenMatches(request: Request, expected: string | undefined): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.is('multipart/form-data') ? (request.query as Record<string, unknown> | undefined) : undefined;
  const presented =
    request.get('x-csrf-token') ??
    (typeof body?._csrf === 'string' ? body._csrf : typeof query?._csrf === 'string' ? query._csrf : undefined);
  if (!expected || !presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
