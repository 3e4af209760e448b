import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { KeyedHasher } from '../core/security/keyed-hasher';
import type { SuppressionReason } from './can-contact';

export type SuppressionChannel = 'email' | 'sms' | 'phone';

export interface SuppressionEntry {
  channel: SuppressionChannel;
  /** The normalised address (lower-case e-mail, E.164 phone); only its keyed hash is stored. */
  value: string;
  reason: SuppressionReason;
  source?: string;
}

/** An entry as read back (snake_case: the export hands it over as is). */
export interface SuppressionRecord {
  channel: SuppressionChannel;
  reason: SuppressionReason;
  created_at: Date;
}

/**
 * The suppression list: keyed hashes of addresses that must not be used again, with the
 * reason and date. It survives the erasure of the contact, and since contacts carry the same
 * keyed hash of their current e-mail and phone, re-importing a suppressed address finds it.
 */
@Injectable()
export class SuppressionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: KeyedHasher,
  ) {}

  async add(entries: SuppressionEntry[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (!entries.length) return 0;
    const result: Array<{ n: number }> = await manager.query(
      `WITH added AS (
         INSERT INTO suppressions (channel, value_hash, reason, source)
         SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[])
         ON CONFLICT (channel, value_hash, reason) DO NOTHING RETURNING 1
       ) SELECT count(*)::int AS n FROM added`,
      [
        entries.map((e) => e.channel),
        entries.map((e) => this.hasher.hash(e.value)),
        entries.map((e) => e.reason),
        entries.map((e) => e.source ?? null),
      ],
    );
    return result[0].n;
  }

  /**
   * Adds the addresses of an import's staging table (emptied as it is read; columns channel,
   * address — normalised —, reason, source); their keyed hashes are computed by PostgreSQL.
   * Returns how many were new.
   */
  async mergeStaged(runner: QueryRunner, staging: string): Promise<number> {
    const [result] = await runner.manager.query<Array<{ inserted: number }>>(
      `WITH s AS (DELETE FROM ${staging} RETURNING *), added AS (
         INSERT INTO suppressions (channel, value_hash, reason, source)
         SELECT channel, ${KeyedHasher.sql('address', '$1')}, reason, source FROM s
         ON CONFLICT (channel, value_hash, reason) DO NOTHING RETURNING 1
       ) SELECT count(*)::int AS inserted FROM added`,
      [this.hasher.key],
    );
    return result.inserted;
  }

  /** The reasons a normalised address is suppressed on a channel (empty when it is not). */
  async reasons(channel: SuppressionChannel, value: string): Promise<SuppressionReason[]> {
    const rows: Array<{ reason: SuppressionReason }> = await this.dataSource.query(
      `SELECT reason FROM suppressions WHERE channel = $1 AND value_hash = $2 ORDER BY created_at`,
      [channel, this.hasher.hash(value)],
    );
    return rows.map((row) => row.reason);
  }

  /** The entries matching a contact's e-mail address and phone number (either may be absent), oldest first. */
  async forAddresses(email: string | null, phone: string | null): Promise<SuppressionRecord[]> {
    return this.dataSource.query<SuppressionRecord[]>(
      `SELECT channel, reason, created_at FROM suppressions
       WHERE (channel = 'email' AND value_hash = $1) OR (channel IN ('sms', 'phone') AND value_hash = $2) ORDER BY created_at`,
      [email ? this.hasher.hash(email) : null, phone ? this.hasher.hash(phone) : null],
    );
  }

  async counts(): Promise<Array<{ channel: string; reason: string; count: number }>> {
    return this.dataSource.query<Array<{ channel: string; reason: string; count: number }>>(
      `SELECT channel, reason, count(*)::int AS count FROM suppressions GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }
}
