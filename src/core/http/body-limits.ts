import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Largest request bodies, in bytes. JSON: a 1 MB template (its JSON escaping included) or a
 * delivery-events batch of 1,000 events (~220 KB) pass with room to spare. Forms: the public
 * pages' forms (the longest, the complaint form, is at most ~120 KB when every character is
 * accented). CSV uploads are multipart, streamed to disk under their own limit (imports module).
 */
export const BODY_LIMITS = {
  json: 2 * 1024 * 1024,
  form: 256 * 1024,
} as const;

/** JSON (its raw bytes kept for signed webhooks) and URL-encoded forms, each under its limit. */
export function applyBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMITS.json });
  app.useBodyParser('urlencoded', { limit: BODY_LIMITS.form, extended: true });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** body-parser's refusals (http-errors objects): their status and what to say, or undefined for anything else. */
export function bodyParserRefusal(exception: unknown): { status: number; code: string; message: string } | undefined {
  const error = exception as { status?: unknown; expose?: unknown; type?: unknown; limit?: unknown; message?: unknown };
  if (typeof error?.status !== 'number' || error.expose !== true || typeof error.type !== 'string') return undefined;
  if (error.type === 'entity.too.large') {
    const limit = typeof error.limit === 'number' ? error.limit : undefined;
    return {
      status: 413,
      code: 'http.payload_too_large',
      message: `request body too large${limit ? `: the limit is ${formatBytes(limit)}` : ''}`,
    };
  }
  if (error.type === 'parameters.too.many') {
    return { status: 413, code: 'http.payload_too_large', message: 'request body has too many form fields' };
  }
  if (error.status >= 400 && error.status < 500) {
    return {
      status: error.status,
      code: `http.${error.status}`,
      message: `unreadable request body: ${String(error.message)}`,
    };
  }
  return undefined;
}
