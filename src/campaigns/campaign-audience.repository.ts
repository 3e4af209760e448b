import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Who a campaign aims at: `treatment` (sent to), `holdout` (kept aside to compare), `excluded` (with the reason). */
export type AudienceGroup = 'treatment' | 'holdout' | 'excluded';

/** An automation occurrence's place in its campaign's audience. */
export interface AudienceEntry {
  contactId: string;
  group: AudienceGroup;
  reason: string | null;
  referenceAt: Date;
}

/**
 * The one writer of `campaign_audience`: the audience frozen at launch, its holdout, the
 * recipients service messages and automations add as they go.
 */
@Injectable()
export class CampaignAudienceRepository {
  /**
   * The audience at launch, from a segment snapshot ($2; $1 the campaign, $3 the instant):
   * `refusal` (SQL over `c`, the contact: why they cannot be reached, or NULL) and `capped`
   * (SQL: the frequency cap holds them back) exclude a contact with the reason.
   */
  async freeze(
    manager: EntityManager,
    campaignId: string,
    snapshotId: string,
    now: Date,
    rules: { refusal: string; capped: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_audience (campaign_id, contact_id, audience_group, exclusion_reason)
       SELECT $1, x.id, CASE WHEN x.reason IS NULL THEN 'treatment' ELSE 'excluded' END, x.reason
       FROM (
         SELECT c.id, CASE
           WHEN r.refusal IN ('no_consent', 'withdrawn') THEN 'no_consent'
           WHEN r.refusal IN ('suppressed', 'do_not_call', 'erased') THEN 'suppressed'
           WHEN r.refusal IS NOT NULL THEN r.refusal
           WHEN ${rules.capped} THEN 'frequency_cap' END AS reason
         FROM segment_snapshot_members m
         JOIN contacts c ON c.id = m.contact_id
         CROSS JOIN LATERAL (SELECT ${rules.refusal} AS refusal) r
         WHERE m.snapshot_id = $2
       ) x`,
      [campaignId, snapshotId, now],
    );
  }

  async countTreatment(manager: EntityManager, campaignId: string): Promise<number> {
    const [{ eligible }]: Array<{ eligible: number }> = await manager.query(
      `SELECT count(*)::int AS eligible FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'treatment'`,
      [campaignId],
    );
    return eligible;
  }

  /** The holdout: the first `size` of the treatment in an order only the campaign id decides — random, yet reproducible. */
  async drawHoldout(manager: EntityManager, campaignId: string, size: number): Promise<void> {
    await manager.query(
      `UPDATE campaign_audience a SET audience_group = 'holdout' FROM (
         SELECT contact_id FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'treatment'
         ORDER BY md5($1::text || ':' || contact_id::text) LIMIT $2
       ) h WHERE a.campaign_id = $1 AND a.contact_id = h.contact_id`,
      [campaignId, size],
    );
  }

  async exclusionCounts(manager: EntityManager, campaignId: string): Promise<Array<{ reason: string; n: number }>> {
    return manager.query(
      `SELECT exclusion_reason AS reason, count(*)::int AS n FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'excluded' GROUP BY 1`,
      [campaignId],
    );
  }

  /** A service message's recipient joins its evergreen campaign's treatment (once). */
  async addServiceRecipient(manager: EntityManager, campaignId: string, contactId: string): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_audience (campaign_id, contact_id, audience_group) VALUES ($1, $2, 'treatment') ON CONFLICT DO NOTHING`,
      [campaignId, contactId],
    );
  }

  /** An automation's occurrences: a contact once excluded joins the treatment or holdout when a later occurrence counts. */
  async addAutomationEntries(manager: EntityManager, campaignId: string, entries: AudienceEntry[]): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_audience (campaign_id, contact_id, audience_group, exclusion_reason, reference_at)
       SELECT $1, v.contact_id, v.grp, v.reason, v.due FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) AS v(contact_id, grp, reason, due)
       ON CONFLICT (campaign_id, contact_id) DO UPDATE SET audience_group = EXCLUDED.audience_group, exclusion_reason = EXCLUDED.exclusion_reason
         WHERE campaign_audience.audience_group = 'excluded' AND EXCLUDED.audience_group <> 'excluded'`,
      [
        campaignId,
        entries.map((e) => e.contactId),
        entries.map((e) => e.group),
        entries.map((e) => e.reason),
        entries.map((e) => e.referenceAt),
      ],
    );
  }
}
