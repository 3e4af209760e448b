import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { generateResponseCode } from '../core/security/response-code';

/** Responses that make a contact a responder (opens and clicks do not; nor does unsubscribing). */
export const RESPONDER_KINDS = ['reply', 'coupon', 'survey'] as const;

/**
 * Creates the delivery rows of a step, set-based: one per (step, contact) under the unique
 * constraint, each with its own response code. Codes are drawn at random; the rare code that
 * collides with an existing one is simply drawn again.
 */
@Injectable()
export class DeliveryPlanner {
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
      const [{ n }]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM (${candidates}) x`, [step.campaign_id, step.id]);
      if (!n) break;
      const codes = Array.from({ length: n }, () => generateResponseCode());
      const inserted: Array<{ n: number }> = await manager.query(
        `WITH candidates AS (SELECT contact_id, row_number() OVER (ORDER BY contact_id) AS rn FROM (${candidates}) x),
         added AS (
           INSERT INTO deliveries (campaign_id, step_id, contact_id, channel, purpose, response_code, next_attempt_at, expires_at)
           SELECT $1, $2, c.contact_id, $4, $5, codes.code, $6, $7
           FROM candidates c JOIN unnest($3::text[]) WITH ORDINALITY AS codes(code, rn) ON codes.rn = c.rn
           ON CONFLICT DO NOTHING RETURNING 1
         ) SELECT count(*)::int AS n FROM added`,
        [step.campaign_id, step.id, codes, step.channel, options.purpose ?? 'marketing', options.notBefore ?? new Date(), options.expiresAt ?? null],
      );
      planned += inserted[0].n;
      if (inserted[0].n === n) break;
    }
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
