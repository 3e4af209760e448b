import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { analyzeTables } from '../core/database/analyze-tables';
import { generateResponseCode } from '../core/security/response-code';
import { DeliveriesRepository } from './deliveries.repository';

/** Responses that make a contact a responder (opens and clicks do not; nor does unsubscribing). */
export const RESPONDER_KINDS = ['reply', 'coupon', 'survey'] as const;

/** Deliveries planned at once from which the table's statistics are refreshed. */
const ANALYZE_AFTER_ROWS = 10_000;

/**
 * Creates the delivery rows of a step, set-based: one per (step, contact) under the unique
 * constraint, each with its own response code. Codes are drawn at random; the rare code that
 * collides with an existing one is simply drawn again.
 */
@Injectable()
export class DeliveryPlanner {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async plan(
    manager: EntityManager,
    step: { id: string; campaign_id: string; channel: string; only_non_responders: boolean },
    options: { purpose?: 'marketing' | 'service'; notBefore?: Date; expiresAt?: Date | null } = {},
  ): Promise<number> {
    const candidates = `
      SELECT a.contact_id FROM campaign_audience a
      WHERE a.campaign_id = $1 AND a.audience_group = 'treatment'
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = $2 AND d.contact_id = a.contact_id AND d.occurrence = '')
        ${step.only_non_responders ? `AND NOT ${respondedSql('a.contact_id', '$1')}` : ''}`;
    let planned = 0;
    for (let round = 0; round < 5; round++) {
      const [{ n }]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM (${candidates}) x`, [
        step.campaign_id,
        step.id,
      ]);
      if (!n) break;
      const codes = Array.from({ length: n }, () => generateResponseCode());
      const inserted = await this.deliveries.planStep(manager, candidates, {
        campaignId: step.campaign_id,
        stepId: step.id,
        codes,
        channel: step.channel,
        purpose: options.purpose ?? 'marketing',
        notBefore: options.notBefore ?? new Date(),
        expiresAt: options.expiresAt ?? null,
      });
      planned += inserted;
      if (inserted === n) break;
    }
    // A step of many deliveries: without fresh statistics PostgreSQL takes the table for a few rows
    // and claims them with a bitmap scan and a sort of every planned row of the step (2.6 s per
    // claim of 1,000 at 1,000,000 rows, 0.2 s with them; docs/benchmarks.md). Autovacuum would
    // analyze later, or never where it is off.
    if (planned >= ANALYZE_AFTER_ROWS) await analyzeTables(manager, ['deliveries']);
    return planned;
  }
}

/**
 * SQL: has this contact answered this campaign (reply, coupon, survey, positive call) or bought
 * with one of its codes — at all, or since `since` (an evergreen automation: since this
 * occurrence's message)?
 */
export function respondedSql(contact: string, campaign: string, since?: string): string {
  // Aliases of their own: `contact` and `since` may name columns of the enclosing query's `d` or `p`.
  return `(EXISTS (SELECT 1 FROM responses rr WHERE rr.campaign_id = ${campaign} AND rr.contact_id = ${contact}${since ? ` AND rr.received_at >= ${since}` : ''}
            AND (rr.kind IN (${RESPONDER_KINDS.map((k) => `'${k}'`).join(', ')}) OR (rr.kind = 'call' AND rr.positive)))
        OR EXISTS (SELECT 1 FROM purchases rp JOIN deliveries rd ON rd.response_code = rp.response_code
                   WHERE rd.campaign_id = ${campaign} AND rp.contact_id = ${contact}${since ? ` AND rd.sent_at >= ${since}` : ''}))`;
}
