import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ATTRIBUTION_CTES, RESPONDER_KINDS } from './attribution-sql';
import { breakdownRow, type BreakdownDimension, type BreakdownRow, type BreakdownSums } from './campaign-breakdown';
import { round2 } from './campaign-kpis';

export interface DailyPoint {
  date: string;
  sent: number;
  opened: number;
  clicked: number;
  /** Responses that make a responder (reply, coupon, survey, positive call), received that day. */
  responses: number;
  /** Contacts whose first such response came that day: the days add up to the report's responders. */
  new_responders: number;
  /** Treated contacts whose first attributed purchase (any currency) was that day: the days add up to the treatment buyers. */
  conversions: number;
  /** Attributed treatment revenue, in the campaign's currency, of purchases made that day: the days add up to the report's revenue. */
  revenue: number;
}

export interface DailySeries {
  campaign_id: string;
  timezone: string;
  currency: string;
  days: DailyPoint[];
}

export interface CampaignBreakdown {
  campaign_id: string;
  currency: string;
  /** Lifecycle stage and value tier are the contacts' current ones (segment scoring), region their current region. */
  dimensions: Record<BreakdownDimension, BreakdownRow[]>;
}

export const DAILY_COLUMNS = [
  'date',
  'sent',
  'opened',
  'clicked',
  'responses',
  'new_responders',
  'conversions',
  'revenue',
] as const;
export const BREAKDOWN_COLUMNS = [
  'dimension',
  'value',
  'contacts',
  'sent',
  'responders',
  'response_rate',
  'buyers',
  'conversion_rate',
  'revenue',
  'holdout_contacts',
  'holdout_buyers',
  'holdout_conversion_rate',
  'holdout_revenue',
  'incremental_revenue',
] as const;

/** Responses over time and by segment attribute, on the report's own attribution rule. */
@Injectable()
export class CampaignTimelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** One row per day (in the installation's time zone) from the first to the last day with activity, gaps filled with zeros. */
  async daily(id: string): Promise<DailySeries> {
    const campaign = await this.campaigns.get(id);
    const timezone = this.config.defaultTimezone;
    const rows: Array<Omit<DailyPoint, 'revenue'> & { revenue: number }> = await this.dataSource.query(
      `WITH ${ATTRIBUTION_CTES},
       sent AS (SELECT (sent_at AT TIME ZONE $4)::date AS day, count(*) AS n FROM deliveries WHERE campaign_id = $1 AND sent_at IS NOT NULL GROUP BY 1),
       treated_responses AS (
         SELECT r.contact_id, r.kind, ${RESPONDER_KINDS} AS responder, (r.received_at AT TIME ZONE $4)::date AS day
         FROM responses r JOIN audience a ON a.contact_id = r.contact_id AND a.audience_group = 'treatment'
         WHERE r.campaign_id = $1),
       by_day AS (
         SELECT day, count(DISTINCT contact_id) FILTER (WHERE kind = 'open') AS opened, count(DISTINCT contact_id) FILTER (WHERE kind = 'click') AS clicked,
                count(*) FILTER (WHERE responder) AS responses
         FROM treated_responses GROUP BY 1),
       new_responders AS (SELECT day, count(*) AS n FROM (SELECT contact_id, min(day) AS day FROM treated_responses WHERE responder GROUP BY 1) f GROUP BY 1),
       treated_purchases AS (SELECT contact_id, amount, in_currency, (ordered_at AT TIME ZONE $4)::date AS day FROM attributed WHERE audience_group = 'treatment'),
       conversions AS (SELECT day, count(*) AS n FROM (SELECT contact_id, min(day) AS day FROM treated_purchases GROUP BY 1) f GROUP BY 1),
       revenue AS (SELECT day, sum(amount) FILTER (WHERE in_currency) AS amount FROM treated_purchases GROUP BY 1),
       active AS (SELECT day FROM sent UNION SELECT day FROM by_day UNION SELECT day FROM revenue),
       days AS (SELECT generate_series(min(day), max(day), interval '1 day')::date AS day FROM active)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(s.n, 0)::int AS sent, coalesce(b.opened, 0)::int AS opened, coalesce(b.clicked, 0)::int AS clicked,
              coalesce(b.responses, 0)::int AS responses, coalesce(nr.n, 0)::int AS new_responders, coalesce(c.n, 0)::int AS conversions,
              coalesce(v.amount, 0)::float8 AS revenue
       FROM days d LEFT JOIN sent s USING (day) LEFT JOIN by_day b USING (day) LEFT JOIN new_responders nr USING (day)
       LEFT JOIN conversions c USING (day) LEFT JOIN revenue v USING (day)
       WHERE d.day IS NOT NULL
       ORDER BY d.day`,
      [id, campaign.currency, campaign.attribution_days, timezone],
    );
    return {
      campaign_id: id,
      timezone,
      currency: campaign.currency,
      days: rows.map((row) => ({ ...row, revenue: round2(row.revenue) })),
    };
  }

  /** Treatment and holdout figures per lifecycle stage, value tier and region (`unknown` when unset). */
  async breakdown(id: string): Promise<CampaignBreakdown> {
    const campaign = await this.campaigns.get(id);
    const rows = await queryRows<BreakdownSums>(
      this.dataSource,
      `WITH ${ATTRIBUTION_CTES},
       sent AS (SELECT contact_id, count(*) AS n FROM deliveries WHERE campaign_id = $1 AND sent_at IS NOT NULL GROUP BY 1),
       responders AS (SELECT DISTINCT contact_id FROM responses WHERE campaign_id = $1 AND ${RESPONDER_KINDS}),
       bought AS (SELECT contact_id, coalesce(sum(amount) FILTER (WHERE in_currency), 0) AS amount FROM attributed GROUP BY 1),
       per_contact AS (
         SELECT a.audience_group, coalesce(cs.lifecycle, 'unknown') AS lifecycle, coalesce(cs.value_tier, 'unknown') AS value_tier,
                coalesce(nullif(c.region, ''), 'unknown') AS region, coalesce(s.n, 0) AS sent, r.contact_id IS NOT NULL AS responded,
                b.contact_id IS NOT NULL AS bought, coalesce(b.amount, 0) AS amount
         FROM audience a JOIN contacts c ON c.id = a.contact_id LEFT JOIN contact_scores cs ON cs.contact_id = a.contact_id
         LEFT JOIN sent s ON s.contact_id = a.contact_id LEFT JOIN responders r ON r.contact_id = a.contact_id LEFT JOIN bought b ON b.contact_id = a.contact_id)
       SELECT d.dimension, d.value,
              count(*) FILTER (WHERE audience_group = 'treatment')::int AS contacts,
              count(*) FILTER (WHERE audience_group = 'holdout')::int AS holdout_contacts,
              coalesce(sum(sent) FILTER (WHERE audience_group = 'treatment'), 0)::int AS sent,
              count(*) FILTER (WHERE audience_group = 'treatment' AND responded)::int AS responders,
              count(*) FILTER (WHERE audience_group = 'treatment' AND bought)::int AS buyers,
              coalesce(sum(amount) FILTER (WHERE audience_group = 'treatment'), 0)::float8 AS revenue,
              count(*) FILTER (WHERE audience_group = 'holdout' AND bought)::int AS holdout_buyers,
              coalesce(sum(amount) FILTER (WHERE audience_group = 'holdout'), 0)::float8 AS holdout_revenue
       FROM per_contact p
       CROSS JOIN LATERAL (VALUES ('lifecycle', p.lifecycle), ('value_tier', p.value_tier), ('region', p.region)) AS d (dimension, value)
       GROUP BY d.dimension, d.value
       ORDER BY d.dimension, contacts DESC, d.value`,
      [id, campaign.currency, campaign.attribution_days],
    );
    const dimensions: CampaignBreakdown['dimensions'] = { lifecycle: [], value_tier: [], region: [] };
    for (const row of rows) dimensions[row.dimension].push(breakdownRow(row));
    return { campaign_id: id, currency: campaign.currency, dimensions };
  }
}
