import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { modifyReturning } from '../core/database/query-rows';
import type { DeliveryState } from './delivery-state';

export interface ClaimedDelivery {
  id: string;
  campaignId: string;
  stepId: string;
  contactId: string;
  channel: string;
  purpose: 'marketing' | 'service';
  responseCode: string;
  messageId: string | null;
  attempts: number;
  createdAt: Date;
  data: Record<string, unknown> | null;
}

export interface OutcomeRow {
  id: string;
  state: DeliveryState;
  reason?: string | null;
  providerId?: string | null;
  nextAttemptAt?: Date | null;
  messageId?: string | null;
  cost?: number | null;
  /** Nothing was handed over: the attempt counted by the claim is taken back. */
  uncount?: boolean;
}

/**
 * The claim query: due rows of a step in id order, read along `deliveries_claim_idx` (step, id)
 * and stopped at the limit: no sort, no OFFSET. The ORDER BY names the table's column: the
 * output column `id` is text, and ordering by it would sort every due row of the step as text.
 * The send bench prints this query's plan.
 */
export const LOCK_DUE_SQL = `SELECT id::text, campaign_id, step_id, contact_id::text, channel, purpose, response_code, message_id, attempts, created_at, data
  FROM deliveries
  WHERE step_id = $1 AND state = 'planned' AND next_attempt_at <= now()
  ORDER BY deliveries.id
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

/**
 * Handing over, first statement: claimed → sending ($1 ids, $2 worker, $3 lease seconds).
 * Driven by the ids, one primary-key probe each (the LATERAL with its LIMIT is not flattened):
 * left to itself the planner may AND in the leases index, which also holds every row version
 * claimed or sent since the last VACUUM.
 */
export const BEGIN_SENDING_SQL = `WITH handed AS (
    SELECT d.id FROM unnest($1::bigint[]) AS wanted (id)
    CROSS JOIN LATERAL (
      SELECT d.id FROM deliveries d
      WHERE d.id = wanted.id AND d.state = 'claimed' AND d.claimed_by = $2
      LIMIT 1 FOR UPDATE
    ) d
  )
  UPDATE deliveries d SET state = 'sending', reason = NULL, claimed_until = now() + make_interval(secs => $3), updated_at = now()
  FROM handed WHERE d.id = handed.id
  RETURNING d.id::text AS id, d.purpose`;

/**
 * Handing over, second statement, once the first has committed: consent and suppression checked
 * again (`reachability`, its per-row form) for the marketing rows just put in `sending`
 * ($1 ids, $2 worker); those refused become `suppressed` with the reason, before any reaches a
 * transport. Run after the commit, its snapshot sees every withdrawal committed before the rows
 * were marked: a withdrawal it misses committed after they were, when the messages were already
 * on their way. (Checked in the same statement as the marking, a withdrawal committing while the
 * statement waited for a row lock went unseen: its snapshot was older.)
 */
export function refuseSendingSql(reachability: string): string {
  return `WITH checked AS (
      SELECT d.id, ${reachability} AS refusal
      FROM unnest($1::bigint[]) AS wanted (id)
      CROSS JOIN LATERAL (SELECT d.id, d.contact_id FROM deliveries d WHERE d.id = wanted.id LIMIT 1) d
      JOIN contacts c ON c.id = d.contact_id
    )
    UPDATE deliveries d SET state = 'suppressed', reason = checked.refusal, claimed_by = NULL, claimed_until = NULL, updated_at = now()
    FROM checked WHERE d.id = checked.id AND checked.refusal IS NOT NULL AND d.state = 'sending' AND d.claimed_by = $2
    RETURNING d.id::text AS id`;
}

/** The delivery ledger's SQL: claims, compare-and-set transitions, lease recovery. */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks up to `limit` due rows of a step that no other worker holds (SKIP LOCKED), in id
   * order (an index range scan, never OFFSET). The caller decides, in the same transaction,
   * which become `claimed` and which `suppressed`.
   */
  async lockDue(manager: EntityManager, stepId: string, limit: number): Promise<ClaimedDelivery[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(LOCK_DUE_SQL, [stepId, limit]);
    return rows.map((row) => ({
      id: row.id as string,
      campaignId: row.campaign_id as string,
      stepId: row.step_id as string,
      contactId: row.contact_id as string,
      channel: row.channel as string,
      purpose: row.purpose as 'marketing' | 'service',
      responseCode: row.response_code as string,
      messageId: row.message_id as string | null,
      attempts: row.attempts as number,
      createdAt: row.created_at as Date,
      data: row.data as Record<string, unknown> | null,
    }));
  }

  async markClaimed(manager: EntityManager, ids: string[], worker: string, leaseSeconds: number): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE deliveries SET state = 'claimed', claimed_by = $2, claimed_until = now() + make_interval(secs => $3),
              attempts = attempts + 1, updated_at = now()
       WHERE id = ANY($1::bigint[]) AND state = 'planned'`,
      [ids, worker, leaseSeconds],
    );
  }

  async markSuppressed(manager: EntityManager, refusals: Array<{ id: string; reason: string }>): Promise<void> {
    if (!refusals.length) return;
    await manager.query(
      `UPDATE deliveries d SET state = 'suppressed', reason = v.reason, claimed_by = NULL, claimed_until = NULL, updated_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS v(id, reason)
       WHERE d.id = v.id AND d.state IN ('planned', 'claimed')`,
      [refusals.map((r) => r.id), refusals.map((r) => r.reason)],
    );
  }

  /**
   * claimed → sending, for the messages about to be handed to a transport, then consent and
   * suppression checked again (the SQL twin of canContact) in a statement of its own: rows
   * refused now become `suppressed` with their reason. Returns the rows that may be sent. A crash
   * between the two statements leaves rows in `sending` that never reached a transport: they end
   * `unknown` (never sent twice), like any message interrupted while being handed over.
   */
  async beginSending(ids: string[], worker: string, reachability: string, leaseSeconds: number): Promise<{ sending: Set<string>; suppressed: number }> {
    const handed = await modifyReturning<{ id: string; purpose: string }>(this.dataSource.manager, BEGIN_SENDING_SQL, [ids, worker, leaseSeconds]);
    const marketing = handed.filter((row) => row.purpose !== 'service').map((row) => row.id);
    const refused = marketing.length ? await modifyReturning<{ id: string }>(this.dataSource.manager, refuseSendingSql(reachability), [marketing, worker]) : [];
    const sending = new Set(handed.map((row) => row.id));
    for (const { id } of refused) sending.delete(id);
    return { sending, suppressed: refused.length };
  }

  /** Records transport outcomes (sending → sent | delivered | bounced | failed | unknown | planned | expired). */
  async recordOutcomes(outcomes: OutcomeRow[]): Promise<void> {
    if (!outcomes.length) return;
    await this.dataSource.query(
      `UPDATE deliveries d SET
         state = v.state,
         reason = v.reason,
         last_error = CASE WHEN v.state IN ('sent', 'delivered') THEN d.last_error ELSE coalesce(v.reason, d.last_error) END,
         provider_id = coalesce(v.provider_id, d.provider_id),
         message_id = coalesce(v.message_id, d.message_id),
         next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
         sent_at = CASE WHEN v.state IN ('sent', 'delivered', 'bounced', 'failed', 'unknown') THEN coalesce(d.sent_at, now()) ELSE d.sent_at END,
         delivered_at = CASE WHEN v.state = 'delivered' THEN now() ELSE d.delivered_at END,
         cost = coalesce(v.cost, d.cost),
         attempts = CASE WHEN v.uncount THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
         claimed_by = NULL, claimed_until = NULL, updated_at = now()
       FROM json_to_recordset($1::json) AS v(id bigint, state text, reason text, provider_id text, next_attempt_at timestamptz, message_id text, cost numeric, uncount boolean)
       WHERE d.id = v.id AND d.state = 'sending'`,
      [JSON.stringify(outcomes.map((o) => ({
        id: o.id, state: o.state, reason: o.reason ?? null, provider_id: o.providerId ?? null, next_attempt_at: o.nextAttemptAt ?? null,
        message_id: o.messageId ?? null, cost: o.cost ?? null, uncount: o.uncount ?? false,
      })))],
    );
  }

  /**
   * Gives claimed-but-unsent rows back (pause, shutdown, outage), due again at `notBefore`
   * (unchanged when not given). Never handed over: the attempt the claim counted is taken back.
   */
  async release(ids: string[], worker: string, notBefore?: Date): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE deliveries SET state = 'planned', claimed_by = NULL, claimed_until = NULL, attempts = greatest(attempts - 1, 0),
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at), updated_at = now()
       WHERE id = ANY($1::bigint[]) AND state = 'claimed' AND claimed_by = $2`,
      [ids, worker, notBefore ?? null],
    );
  }

  /**
   * After a crash: claims past their lease go back to `planned` (never handed over: their attempt
   * does not count); rows found in `sending` past
   * their lease become `unknown` — never re-sent for marketing — while service messages are
   * retried once with the same Message-ID.
   */
  async recoverExpiredLeases(): Promise<{ released: number; unknown: number; retried: number }> {
    const [result]: Array<{ released: number; unknown: number; retried: number }> = await this.dataSource.query(`
      WITH released AS (
        UPDATE deliveries SET state = 'planned', claimed_by = NULL, claimed_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE state = 'claimed' AND claimed_until < now() RETURNING 1
      ), unknown AS (
        UPDATE deliveries SET state = 'unknown', reason = 'the worker stopped while sending: not re-sent (at most once)',
               sent_at = now(), claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE state = 'sending' AND claimed_until < now() AND (purpose = 'marketing' OR attempts >= 2) RETURNING 1
      ), retried AS (
        UPDATE deliveries SET state = 'planned', reason = 'the worker stopped while sending: retried once with the same Message-ID',
               claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE state = 'sending' AND claimed_until < now() AND purpose = 'service' AND attempts < 2 RETURNING 1
      )
      SELECT (SELECT count(*) FROM released)::int AS released, (SELECT count(*) FROM unknown)::int AS unknown, (SELECT count(*) FROM retried)::int AS retried`);
    return result;
  }

  async counts(campaignId: string): Promise<Record<string, number>> {
    const rows: Array<{ state: string; n: number }> = await this.dataSource.query(
      `SELECT state, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY state`,
      [campaignId],
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }
}
