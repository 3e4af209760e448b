import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../../core/database/query-rows';

/** How long a client shown to an operator stays theirs without an outcome (a call, the notes). */
export const CALL_LEASE_MINUTES = 15;

export interface CallListOverview {
  campaignId: string;
  campaignName: string;
  kind: 'campaign' | 'automation' | 'service';
  /** Calls to make now (due, not held by another operator or held by nobody). */
  waiting: number;
  /** Call-backs and documentation follow-ups planned for a later day. */
  later: number;
  done: number;
  total: number;
  nextLaterAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Puts the calls phone steps listed (their deliveries) on the call queue, at most once each; a call
 * that already has an outcome other than a call-back (recorded by the CLI or the API) is done.
 */
const SYNC_SQL = (scope: string) => `
  INSERT INTO call_queue (delivery_id, campaign_id, due_at, done, last_outcome)
  SELECT d.id, d.campaign_id, d.sent_at, o.value IS NOT NULL AND o.value <> 'callback', o.value
  FROM deliveries d
  LEFT JOIN LATERAL (SELECT r.value FROM responses r WHERE r.delivery_id = d.id AND r.kind = 'call'
                     ORDER BY r.received_at DESC, r.id DESC LIMIT 1) o ON true
  WHERE d.channel = 'phone' AND d.sent_at IS NOT NULL ${scope}
    AND NOT EXISTS (SELECT 1 FROM call_queue q WHERE q.delivery_id = d.id)
  ON CONFLICT (delivery_id) DO NOTHING`;

/**
 * The order an operator calls in: call-backs and documentation follow-ups that came due first
 * (the earliest promise first), then the clients worth most (purchases over the last 24 months),
 * then the longest waiting (the oldest on the list).
 */
const NEXT_SQL = `
  SELECT q.delivery_id::text AS delivery_id
  FROM call_queue q JOIN deliveries d ON d.id = q.delivery_id JOIN contacts ct ON ct.id = d.contact_id
  WHERE q.campaign_id = $1 AND NOT q.done AND q.due_at <= $2 AND ct.erased_at IS NULL
    AND (q.claimed_until IS NULL OR q.claimed_until <= $2)
  ORDER BY (q.reason IS NOT NULL) DESC,
           CASE WHEN q.reason IS NOT NULL THEN q.due_at END ASC,
           (SELECT coalesce(sum(p.amount), 0) FROM purchases p
             WHERE p.contact_id = d.contact_id AND p.ordered_at > $2::timestamptz - interval '24 months') DESC,
           d.sent_at ASC, q.delivery_id ASC
  LIMIT 1
  FOR UPDATE OF q SKIP LOCKED`;

/** Call lists to work: which clients to call next, claimed by one operator at a time. */
@Injectable()
export class CallQueueService {
  constructor(private readonly dataSource: DataSource) {}

  /** Every campaign or automation with calls on its list, the ones with calls waiting first. */
  async lists(now = new Date()): Promise<CallListOverview[]> {
    await this.dataSource.query(SYNC_SQL(''));
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT c.id::text AS campaign_id, c.name, c.kind,
              count(*) FILTER (WHERE NOT q.done AND q.due_at <= $1)::int AS waiting,
              count(*) FILTER (WHERE NOT q.done AND q.due_at > $1)::int AS later,
              count(*) FILTER (WHERE q.done)::int AS done, count(*)::int AS total,
              min(q.due_at) FILTER (WHERE NOT q.done AND q.due_at > $1) AS next_later_at
       FROM call_queue q JOIN campaigns c ON c.id = q.campaign_id
       GROUP BY c.id, c.name, c.kind
       ORDER BY (count(*) FILTER (WHERE NOT q.done AND q.due_at <= $1) > 0) DESC, max(q.due_at) DESC, c.name`,
      [now],
    );
    return rows.map((row) => ({
      campaignId: String(row.campaign_id),
      campaignName: String(row.name),
      kind: row.kind as CallListOverview['kind'],
      waiting: Number(row.waiting),
      later: Number(row.later),
      done: Number(row.done),
      total: Number(row.total),
      nextLaterAt: row.next_later_at ? new Date(row.next_later_at as string) : null,
    }));
  }

  /** One campaign's list, or undefined when it has no calls (or the id is not one). */
  async list(campaignId: string, now = new Date()): Promise<CallListOverview | undefined> {
    if (!UUID.test(campaignId)) return undefined;
    return (await this.lists(now)).find((list) => list.campaignId === campaignId.toLowerCase());
  }

  /**
   * The client this operator is to call now: the one they already hold, else the first by priority
   * that nobody holds, claimed for CALL_LEASE_MINUTES. Two operators never get the same client
   * (row locks skipped, then the lease). Undefined when nobody is left to call today.
   */
  async next(campaignId: string, operator: string, now = new Date()): Promise<string | undefined> {
    if (!UUID.test(campaignId)) return undefined;
    const id = campaignId.toLowerCase();
    await this.dataSource.query(SYNC_SQL('AND d.campaign_id = $1'), [id]);
    return this.dataSource.transaction(async (tx) => {
      const [held] = await queryRows<{ delivery_id: string }>(
        tx,
        `SELECT delivery_id::text FROM call_queue
         WHERE campaign_id = $1 AND claimed_by = $2 AND claimed_until > $3 AND NOT done AND due_at <= $3
         ORDER BY claimed_until DESC LIMIT 1`,
        [id, operator, now],
      );
      const chosen = held ?? (await queryRows<{ delivery_id: string }>(tx, NEXT_SQL, [id, now]))[0];
      if (!chosen) return undefined;
      await this.claim(tx, chosen.delivery_id, operator, now);
      return chosen.delivery_id;
    });
  }

  private async claim(tx: EntityManager, deliveryId: string, operator: string, now: Date): Promise<void> {
    await tx.query(
      `UPDATE call_queue SET claimed_by = $2, claimed_until = $3::timestamptz + make_interval(mins => $4),
              updated_at = now()
       WHERE delivery_id = $1`,
      [deliveryId, operator, now, CALL_LEASE_MINUTES],
    );
  }
}
