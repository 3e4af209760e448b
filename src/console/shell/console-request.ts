import type { Request } from 'express';
import type { ConsoleSession } from '../../core/auth/sessions.service';

export type ConsoleRequest = Request & { consoleSession?: ConsoleSession };

/** A signed-out visitor asked for a console page: sent to /connexion, then back. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('sign-in required');
  }
}

/** The path to come back to after signing in: only a local path (never `//host` or a full URL). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : '/';
}
