import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { modifyReturning } from '../core/database/query-rows';
import { KeyedHasher } from '../core/security/keyed-hasher';

/** The columns erasure clears: everything that names, reaches or describes the person. */
const PERSONAL_COLUMNS = [
  'civility',
  'first_name',
  'last_name',
  'company_name',
  'job_title',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'birth_date',
  'locale',
  'timezone',
  'loyalty_card_expires_on',
  'contract_renews_on',
  'email_hash',
  'phone_hash',
];

/** The addresses whose keyed hash a contact carries, so the suppression list can be matched against it. */
const HASHED_ADDRESSES: ReadonlyArray<readonly [string, string]> = [
  ['email', 'email_hash'],
  ['phone', 'phone_hash'],
];

export interface MergeCounts {
  inserted: number;
  /** Rows inserted or updated (an unchanged row is not counted). */
  changed: number;
}

export interface FlaggedContact {
  id: string;
  externalId: string;
}

/**
 * The one owner of writes to `contacts`: creation and update (one by one or merged from an
 * import's staging table), the date of the person's last contact with us, retention flags and
 * erasure. Other modules call these methods rather than write the table.
 */
@Injectable()
export class ContactsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: KeyedHasher,
  ) {}

  /**
   * Creates or updates one contact on its external_id. `columns` are the fields given (others are
   * left alone), `values` their normalised values; attributes are merged key by key.
   */
  async upsert(
    columns: string[],
    values: unknown[],
    attributes: Record<string, unknown>,
  ): Promise<{ inserted: boolean }> {
    const present = [...columns];
    const expressions = present.map((_, index) => `$${String(index + 1)}`);
    for (const [column, hash] of HASHED_ADDRESSES) {
      const index = present.indexOf(column);
      if (index < 0) continue;
      present.push(hash);
      expressions.push(KeyedHasher.sql(`$${String(index + 1)}::text`, `$${String(values.length + 2)}`));
    }
    const hashed = present.some((column) => column.endsWith('_hash'));
    const [row] = await this.dataSource.query<Array<{ inserted: boolean }>>(
      `INSERT INTO contacts AS c (${present.join(', ')}, attributes)
       VALUES (${expressions.join(', ')}, $${String(values.length + 1)}::jsonb)
       ON CONFLICT (external_id) DO UPDATE SET
         ${present
           .filter((f) => f !== 'external_id')
           .map((f) => `${f} = EXCLUDED.${f}, `)
           .join('')}attributes = c.attributes || EXCLUDED.attributes, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [...values, JSON.stringify(attributes), ...(hashed ? [this.hasher.key] : [])],
    );
    return { inserted: row.inserted };
  }

  /**
   * Merges an import's staging table (emptied as it is read) into contacts on external_id. Columns
   * present replace the stored values (an empty `type` means person); attributes are merged; a row
   * equal to what is stored is not touched.
   */
  async mergeStaged(runner: QueryRunner, staging: string, stagedColumns: string[]): Promise<MergeCounts> {
    const columns = stagedColumns.filter((name) => name !== 'attributes' && name !== 'line');
    const selectList = columns.map((column) => (column === 'type' ? `coalesce(s.type, 'person')` : `s.${column}`));
    // The keyed hashes the suppression list is matched against follow the addresses they derive from.
    for (const [column, hash] of HASHED_ADDRESSES) {
      if (!columns.includes(column)) continue;
      columns.push(hash);
      selectList.push(KeyedHasher.sql(`s.${column}`, '$1'));
    }
    const updated = columns.filter((column) => column !== 'external_id');
    const [counts] = await runner.manager.query<MergeCounts[]>(
      `
      WITH s AS (DELETE FROM ${staging} RETURNING *), up AS (
      INSERT INTO contacts AS c (${columns.join(', ')}, attributes)
      SELECT ${selectList.join(', ')}, s.attributes FROM s
      ON CONFLICT (external_id) DO UPDATE SET
        ${updated
          .map((column) => `${column} = EXCLUDED.${column}`)
          .concat('attributes = c.attributes || EXCLUDED.attributes', 'updated_at = now()')
          .join(',\n        ')}
      WHERE ${updated.length ? `(${updated.map((c) => `c.${c}`).join(', ')}) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${c}`).join(', ')}) OR ` : ''}NOT (c.attributes @> EXCLUDED.attributes)
      RETURNING (xmax = 0) AS inserted)
      SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, count(*)::int AS changed FROM up`,
      columns.some((c) => c.endsWith('_hash')) ? [this.hasher.key] : [],
    );
    return counts;
  }

  /** The external id of the oldest live contact with this (normalised) e-mail address. */
  async externalIdByEmail(email: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ external_id: string }>>(
      `SELECT external_id FROM contacts WHERE email = $1 AND erased_at IS NULL ORDER BY id LIMIT 1`,
      [email],
    );
    return rows[0]?.external_id;
  }

  /** The person reached us now (a sign-up, a confirmation). */
  async touchInbound(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(`UPDATE contacts SET last_inbound_at = now() WHERE id = $1`, [contactId]);
  }

  /** The person reached us at `receivedAt` (a reply, a complaint); an earlier date never moves it back. */
  async recordInbound(manager: EntityManager, contactId: string, receivedAt: Date): Promise<void> {
    await manager.query(
      `UPDATE contacts SET last_inbound_at = greatest(coalesce(last_inbound_at, $2), $2) WHERE id = $1`,
      [contactId, receivedAt],
    );
  }

  /**
   * Flags the prospects (no purchase) with no contact from them since `cutoff`, keeping an earlier
   * flag's date; returns every contact flagged, newly or not.
   */
  async flagForRetention(cutoff: Date, now: Date): Promise<FlaggedContact[]> {
    const rows = await modifyReturning<{ id: string; external_id: string }>(
      this.dataSource.manager,
      `UPDATE contacts c SET retention_flagged_at = coalesce(c.retention_flagged_at, $2)
       WHERE c.erased_at IS NULL AND greatest(c.created_at, coalesce(c.last_inbound_at, c.created_at)) < $1
         AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id)
       RETURNING c.id::text AS id, c.external_id`,
      [cutoff, now],
    );
    return rows.map((row) => ({ id: row.id, externalId: row.external_id }));
  }

  /**
   * Turns the contact into a tombstone: personal data cleared, external_id freed. Purchases and
   * message statistics stay attached (anonymous aggregates); a new contact with the same
   * external_id can be created later and will find its addresses suppressed.
   */
  async erase(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(
      `UPDATE contacts SET external_id = 'erased:' || id, ${PERSONAL_COLUMNS.map((column) => `${column} = NULL`).join(', ')},
         attributes = '{}'::jsonb, erased_at = now(), updated_at = now() WHERE id = $1`,
      [contactId],
    );
  }
}
