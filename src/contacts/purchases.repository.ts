import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';

export interface PurchaseMergeCounts {
  inserted: number;
  updated: number;
  /** Staged lines whose external_id names no contact: not recorded. */
  unknownLines: number[];
}

/** The one owner of writes to `purchases`: the import's merge and the demo's clean-up. */
@Injectable()
export class PurchasesRepository {
  /**
   * Merges an import's staging table (emptied as it is read; columns external_id, order_id,
   * ordered_at, amount, currency, line, and response_code when `withResponseCode`) on order_id.
   * A row equal to what is stored is not touched.
   */
  async mergeStaged(runner: QueryRunner, staging: string, withResponseCode: boolean): Promise<PurchaseMergeCounts> {
    const code = withResponseCode;
    const [result] = await runner.manager.query<
      Array<{ inserted: number; updated: number; unknown_lines: number[] | null }>
    >(
      `WITH s AS (DELETE FROM ${staging} RETURNING *), src AS (
         SELECT s.*, c.id AS contact_id FROM s LEFT JOIN contacts c ON c.external_id = s.external_id
       ), up AS (
         INSERT INTO purchases AS p (contact_id, order_id, ordered_at, amount, currency${code ? ', response_code' : ''})
         SELECT contact_id, order_id, ordered_at, amount, currency${code ? ', response_code' : ''} FROM src WHERE contact_id IS NOT NULL
         ON CONFLICT (order_id) DO UPDATE SET
           contact_id = EXCLUDED.contact_id, ordered_at = EXCLUDED.ordered_at, amount = EXCLUDED.amount,
           currency = EXCLUDED.currency${code ? ', response_code = EXCLUDED.response_code' : ''}, updated_at = now()
         WHERE (p.contact_id, p.ordered_at, p.amount, p.currency${code ? ', p.response_code' : ''})
               IS DISTINCT FROM (EXCLUDED.contact_id, EXCLUDED.ordered_at, EXCLUDED.amount, EXCLUDED.currency${code ? ', EXCLUDED.response_code' : ''})
         RETURNING (xmax = 0) AS inserted
       )
       SELECT (SELECT count(*) FILTER (WHERE inserted) FROM up)::int AS inserted,
              (SELECT count(*) FILTER (WHERE NOT inserted) FROM up)::int AS updated,
              (SELECT array_agg(line ORDER BY line) FROM src WHERE contact_id IS NULL) AS unknown_lines`,
    );
    return { inserted: result.inserted, updated: result.updated, unknownLines: result.unknown_lines ?? [] };
  }

  /** Deletes the orders whose id starts with one of `prefixes` (the demo's simulated purchases). */
  async deleteByOrderPrefix(manager: EntityManager, prefixes: string[]): Promise<void> {
    const patterns = prefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    await manager.query(`DELETE FROM purchases WHERE order_id LIKE ANY($1::text[])`, [patterns]);
  }
}
