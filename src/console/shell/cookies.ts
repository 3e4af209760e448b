import type { Request, Response } from 'express';

/** The console's cookies: the session token, and the sign-in form's CSRF token (before there is a session). */
export const SESSION_COOKIE = 'relance_session';
export const SIGN_IN_CSRF_COOKIE = 'relance_sign_in';

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (a cross-site form post comes without it), Secure
 * when relance is reached over https, Path=/.
 */
export function setCookie(
  response: Response,
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number; sameSite?: 'Lax' | 'Strict' },
): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Lax'}`,
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  response.append('Set-Cookie', attributes.join('; '));
}

export function clearCookie(response: Response, name: string, secure: boolean): void {
  setCookie(response, name, '', { secure, maxAgeSeconds: 0 });
}
