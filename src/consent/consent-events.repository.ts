import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { ConsentMethod, ConsentStatus, LedgerChannel, LegalBasis } from './consent.types';

export interface NewConsentEvent {
  contactId: string;
  channel: LedgerChannel;
  status: ConsentStatus;
  method: ConsentMethod;
  legalBasis?: LegalBasis;
  source?: string | null;
  wording?: string | null;
  collectedAt: Date | string;
  ip?: string | null;
  userAgent?: string | null;
  proof?: Record<string, unknown>;
  recordedBy?: string | null;
  /** Same key, same event: re-importing a consents file adds nothing. */
  dedupeKey?: string | null;
}

/** An event as read back for the person's export (snake_case: it is handed over as is). */
export interface ConsentHistoryEntry {
  id: string;
  channel: LedgerChannel;
  status: ConsentStatus;
  legal_basis: LegalBasis;
  method: ConsentMethod;
  source: string | null;
  wording: string | null;
  collected_at: Date;
  ip: string | null;
  user_agent: string | null;
  proof: Record<string, unknown>;
  recorded_at: Date;
  recorded_by: string | null;
}

/**
 * The ledger is append-only: events are inserted, never updated or deleted (except with the
 * contact itself). The current state per channel is a projection updated in the same statement.
 */
@Injectable()
export class ConsentEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * SQL (CTEs, after a WITH) that appends the rows of CTE `input` to the ledger and moves the
   * projection forward; `added` holds the events actually inserted. Shared by single records
   * and by the CSV import, so the projection rule lives in one place.
   */
  private static appendChain(input: string): string {
    return `added AS (
         INSERT INTO consent_events (contact_id, channel, status, legal_basis, method, source, wording, collected_at, ip, user_agent, proof, recorded_by, dedupe_key)
         SELECT contact_id, channel, status, coalesce(legal_basis, 'consent'), method, source, wording, collected_at, ip, user_agent,
                coalesce(proof, '{}'::jsonb), recorded_by, dedupe_key
         FROM ${input}
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, contact_id, channel, status, legal_basis, method, collected_at
       ), latest AS (
         SELECT DISTINCT ON (contact_id, channel) * FROM added ORDER BY contact_id, channel, collected_at DESC, id DESC
       ), projected AS (
         INSERT INTO consent_states AS s (contact_id, channel, status, legal_basis, method, collected_at, event_id)
         SELECT contact_id, channel, status, legal_basis, method, collected_at, id FROM latest
         ON CONFLICT (contact_id, channel) DO UPDATE SET
           status = EXCLUDED.status, legal_basis = EXCLUDED.legal_basis, method = EXCLUDED.method,
           collected_at = EXCLUDED.collected_at, event_id = EXCLUDED.event_id
         WHERE (EXCLUDED.collected_at, EXCLUDED.event_id) > (s.collected_at, s.event_id)
       ), lifted AS (
         -- A new opt-in by a specific act, given after an unsubscription, lifts that unsubscription
         -- (the ledger keeps both). Bounces, spam complaints, erasures and do-not-call stay.
         DELETE FROM suppressions x USING latest l JOIN contacts c ON c.id = l.contact_id
         WHERE l.status = 'granted' AND l.legal_basis = 'consent' AND l.method <> 'terms_acceptance'
           AND x.reason = 'unsubscribed' AND x.channel = l.channel AND x.created_at <= l.collected_at
           AND x.value_hash = CASE WHEN l.channel = 'email' THEN c.email_hash ELSE c.phone_hash END
       )`;
  }

  /** Appends events (duplicates by dedupe key are skipped) and moves the state projection forward. Returns the ids added. */
  async append(events: NewConsentEvent[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (!events.length) return [];
    const rows = await manager.query<Array<{ id: string }>>(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS x(
           contact_id bigint, channel text, status text, legal_basis text, method text, source text, wording text,
           collected_at timestamptz, ip inet, user_agent text, proof jsonb, recorded_by text, dedupe_key text)
       ), ${ConsentEventsRepository.appendChain('input')}
       SELECT id::text AS id FROM added`,
      [
        JSON.stringify(
          events.map((event) => ({
            contact_id: event.contactId,
            channel: event.channel,
            status: event.status,
            legal_basis: event.legalBasis ?? 'consent',
            method: event.method,
            source: event.source ?? null,
            wording: event.wording ?? null,
            collected_at: event.collectedAt instanceof Date ? event.collectedAt.toISOString() : event.collectedAt,
            ip: event.ip ?? null,
            user_agent: event.userAgent ?? null,
            proof: event.proof ?? {},
            recorded_by: event.recordedBy ?? null,
            dedupe_key: event.dedupeKey ?? null,
          })),
        ),
      ],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Appends the events of an import's staging table (emptied as it is read; columns external_id,
   * channel, status, legal_basis, method, source, wording, collected_at, ip, user_agent, dedupe_key
   * and line). Lines naming no live contact are not recorded: their numbers are returned.
   */
  async mergeStaged(runner: QueryRunner, staging: string): Promise<{ inserted: number; unknownLines: number[] }> {
    const [result] = await runner.manager.query<Array<{ inserted: number; unknown_lines: number[] | null }>>(`
      WITH s AS (DELETE FROM ${staging} RETURNING *),
      src AS (SELECT s.*, c.id AS contact_id FROM s LEFT JOIN contacts c ON c.external_id = s.external_id AND c.erased_at IS NULL),
      input AS (
        SELECT contact_id, channel, status, legal_basis, method, source, wording, collected_at, ip::inet AS ip, user_agent,
               jsonb_build_object('import_line', line) AS proof, 'import' AS recorded_by, dedupe_key
        FROM src WHERE contact_id IS NOT NULL
      ), ${ConsentEventsRepository.appendChain('input')}
      SELECT (SELECT count(*) FROM added)::int AS inserted,
             (SELECT array_agg(line ORDER BY line) FROM src WHERE contact_id IS NULL) AS unknown_lines`);
    return { inserted: result.inserted, unknownLines: result.unknown_lines ?? [] };
  }

  /** Erasure: the ledger keeps what was decided and when (anonymous); the proof's personal parts go. */
  async eraseProofs(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(
      `UPDATE consent_events SET ip = NULL, user_agent = NULL, proof = '{}'::jsonb, source = NULL WHERE contact_id = $1`,
      [contactId],
    );
  }

  async history(contactId: string): Promise<ConsentHistoryEntry[]> {
    return this.dataSource.query<ConsentHistoryEntry[]>(
      `SELECT id::text, channel, status, legal_basis, method, source, wording, collected_at, host(ip) AS ip, user_agent, proof, recorded_at, recorded_by
       FROM consent_events WHERE contact_id = $1 ORDER BY collected_at, consent_events.id`,
      [contactId],
    );
  }
}
