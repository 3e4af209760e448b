import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows';
import type { Role } from './api-key.entity';

/** A session ends after this long without a request… */
export const SESSION_IDLE_SECONDS = 2 * 3600;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 3600;
/** last_seen_at is written at most this often (one UPDATE per page would be wasted work). */
const TOUCH_EVERY_SECONDS = 60;

export interface ConsoleSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string | null; role: Role };
}

function sessionId(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Console sessions in PostgreSQL: the cookie holds a random 256-bit token, the table only its
 * SHA-256 (a leaked table opens no session). Each session has its CSRF token.
 */
@Injectable()
export class SessionsService {
  constructor(private readonly dataSource: DataSource) {}

  async open(
    userId: string,
    client: { ip?: string; userAgent?: string },
  ): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO console_sessions (id, user_id, expires_at, csrf_secret, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5, $6)`,
      [
        sessionId(token),
        userId,
        SESSION_ABSOLUTE_SECONDS,
        randomBytes(32).toString('base64url'),
        client.ip ?? null,
        client.userAgent?.slice(0, 300) ?? null,
      ],
    );
    const session = await this.find(token);
    if (!session) throw new Error('a session just opened cannot be read back');
    return { token, session };
  }

  /** The live session of a cookie token (neither idle too long nor past its absolute expiry, its user active), touched. */
  async find(token: string | undefined): Promise<ConsoleSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const id = sessionId(token);
    const [row] = await queryRows<
      | {
          id: string;
          csrf_secret: string;
          expires_at: Date;
          stale: boolean;
          user_id: string;
          email: string;
          name: string | null;
          role: Role;
        }
      | undefined
    >(
      this.dataSource,
      `SELECT s.id, s.csrf_secret, s.expires_at, s.last_seen_at < now() - make_interval(secs => $3) AS stale,
              u.id AS user_id, u.email, u.name, u.role
       FROM console_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2) AND u.disabled_at IS NULL`,
      [id, SESSION_IDLE_SECONDS, TOUCH_EVERY_SECONDS],
    );
    if (!row) return undefined;
    if (row.stale) await this.dataSource.query(`UPDATE console_sessions SET last_seen_at = now() WHERE id = $1`, [id]);
    return {
      id,
      csrfToken: row.csrf_secret,
      expiresAt: row.expires_at,
      user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
    };
  }

  async close(token: string | undefined): Promise<void> {
    if (token) await this.dataSource.query(`DELETE FROM console_sessions WHERE id = $1`, [sessionId(token)]);
  }

  /** Sign-out everywhere (and what a password change or a disabled account implies). */
  async closeAllForUser(userId: string): Promise<number> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `DELETE FROM console_sessions WHERE user_id = $1 RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  /** Expired rows are useless; dropped on each sign-in, which is often enough to keep the table small. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM console_sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)`,
      [SESSION_IDLE_SECONDS],
    );
  }
}
