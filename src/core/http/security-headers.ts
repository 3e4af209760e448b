import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The content security policy of every page relance serves: the public pages today, the web
 * console later (server-rendered, htmx, Chart.js). Scripts, styles, fonts and images come from
 * relance itself, as files under /assets/ (see PUBLIC_ASSETS): no inline script, no inline style,
 * no style attribute; nothing may frame a page, forms post back to relance only. New pages reuse
 * it as it is; a page that needs something else gets its own named policy here, for its route.
 * (htmx: set `htmx.config.includeIndicatorStyles = false`, its injected <style> is refused.)
 */
export const PAGE_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/** Swagger UI (/api/docs) writes inline styles (a <style> block and React style attributes); its scripts are files. */
export const API_DOCS_POLICY: Directives = { ...PAGE_POLICY, 'style-src': ["'self'", "'unsafe-inline'"] };

/**
 * A template preview served as text/html is the marketer's own HTML, e-mail style: inline styles,
 * remote images. It runs sandboxed (a unique origin: no cookies, no forms, no scripts) and may
 * load nothing but images, fonts and its inline styles.
 */
export const PREVIEW_POLICY: Directives = {
  sandbox: [],
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['data:', 'https:', 'http:'],
  'font-src': ['data:', 'https:'],
  'frame-ancestors': ["'none'"],
};

/**
 * An e-mail relance wrote to its file outbox, shown by the console in `<iframe sandbox="">`: the
 * company's own HTML, run sandboxed (a unique origin: no script, no form, no cookie), with its
 * inline styles and embedded images only (nothing is fetched, from anywhere), and framed by
 * relance's own pages only (`frame-ancestors 'self'`, with X-Frame-Options SAMEORIGIN on the route).
 */
export const WRITTEN_EMAIL_POLICY: Directives = {
  sandbox: [],
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ['data:'],
  'font-src': ['data:'],
  'form-action': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'self'"],
};

/** Where relance's own static files are: `assets/web` of the package, at /assets/. */
export const PUBLIC_ASSETS = { folder: ['assets', 'web'], prefix: '/assets/' } as const;

export function policyHeader(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/**
 * Headers on every response: the page policy above, `nosniff`, no framing, no referrer (links in
 * pages and the click redirect carry tokens), HSTS only when PUBLIC_URL is https (a plain-HTTP
 * installation would otherwise lock browsers out of it).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...PAGE_POLICY, ...(https ? { 'upgrade-insecure-requests': [] } : {}) },
    },
    strictTransportSecurity: https ? { maxAge: 365 * 86_400, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/** A route's own policy instead of PAGE_POLICY (set after helmet's, which it replaces). */
export function contentSecurityPolicy(directives: Directives): RequestHandler {
  const header = policyHeader(directives);
  return (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', header);
    next();
  };
}
