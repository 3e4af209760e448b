import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(request: Request): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase());
}

/**
 * The request comes from relance's own pages as far as the browser says: no `Sec-Fetch-Site`
 * other than same-origin (or none: typed by the user), and an `Origin`, when sent, naming the
 * host the request was sent to. Browsers send both on every form post.
 */
export function sameOrigin(request: Request): boolean {
  const site = request.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.get('origin');
  if (!origin) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === request.get('host');
  } catch {
    return false;
  }
}

/** The token the page's form (`_csrf`) or htmx (`X-CSRF-Token`) sent, compared in constant time. */
export function presentedTokenMatches(request: Request, expected: string | undefined): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const presented = request.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
  if (!expected || !presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
