import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows';

/** Failed sign-ins allowed in the window, per account (guessing one password) and per address (trying many accounts). */
export const SIGN_IN_LIMITS = { windowSeconds: 15 * 60, perAccount: 5, perAddress: 20 } as const;

/**
 * Counts failed sign-ins in PostgreSQL, so every relance process shares the count. When either
 * limit is reached, sign-in is refused (even with the right password) until the oldest failure
 * in the window ages out.
 */
@Injectable()
export class SignInThrottle {
  constructor(private readonly dataSource: DataSource) {}

  /** Seconds to wait before trying again, or 0. */
  async retryAfter(account: string, address: string): Promise<number> {
    const [row] = await queryRows<{ account_wait: number; address_wait: number }>(
      this.dataSource,
      `SELECT
         (SELECT CASE WHEN count(*) >= $3 THEN ceil(extract(epoch FROM min(at) + make_interval(secs => $5) - now())) ELSE 0 END
            FROM (SELECT at FROM sign_in_failures WHERE account = $1 AND at > now() - make_interval(secs => $5) ORDER BY at DESC LIMIT $3) a)::int AS account_wait,
         (SELECT CASE WHEN count(*) >= $4 THEN ceil(extract(epoch FROM min(at) + make_interval(secs => $5) - now())) ELSE 0 END
            FROM (SELECT at FROM sign_in_failures WHERE address = $2 AND at > now() - make_interval(secs => $5) ORDER BY at DESC LIMIT $4) b)::int AS address_wait`,
      [account, address, SIGN_IN_LIMITS.perAccount, SIGN_IN_LIMITS.perAddress, SIGN_IN_LIMITS.windowSeconds],
    );
    return Math.max(0, row.account_wait, row.address_wait);
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO sign_in_failures (account, address) VALUES ($1, $2)`, [account, address]);
    await this.dataSource.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(secs => $1)`, [
      SIGN_IN_LIMITS.windowSeconds * 2,
    ]);
  }

  /** A successful sign-in forgets the account's failures (not the address's: one good password must not reset a scan). */
  async clearAccount(account: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_failures WHERE account = $1`, [account]);
  }
}
