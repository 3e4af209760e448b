import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { CampaignsRepository, type CampaignRow } from '../campaigns/campaigns.repository';
import { assembleCampaignReport } from './campaign-report-assembly';
import { campaignReportParts } from './campaign-report-batch';
import {
  ATTRIBUTION_CTES,
  deliveriesWhere,
  OCCURRENCE_ATTRIBUTION_CTES,
  RESPONDER_KINDS,
  type OccurrenceScope,
} from './attribution-sql';

export type { OccurrenceScope };
import type { MoneyByCurrency } from './currency-split';
import type { AttributedByCurrency, CampaignMoneyLeftOut } from './campaign-currencies';
import type { LiftEstimate } from './campaign-kpis';
import { DeliveryState, QUEUED, sqlState, sqlStates } from '../deliveries/delivery-state';

export interface GroupConversions {
  contacts: number;
  buyers: number;
  /** buyers ÷ contacts, a percentage (0 without contacts). */
  conversion_rate: number;
  revenue: number;
  /** revenue ÷ contacts, in the campaign's currency (0 without contacts): what incremental revenue compares. */
  revenue_per_contact: number;
  revenue_by_currency: MoneyByCurrency;
}

export interface CampaignReport {
  id: string;
  name: string;
  status: string;
  /** Why the campaign is paused (an unreachable relay, a user), else null. */
  status_reason: string | null;
  audience: {
    segment: number;
    excluded: { no_consent: number; suppressed: number; invalid_address: number; frequency_cap: number };
    holdout: number;
    targeted: number;
  };
  messages: { queued: number; sent: number; delivered: number; bounced: number; failed: number; unknown: number };
  responses: {
    opened: number;
    clicked: number;
    replied: number;
    coupons: number;
    calls_positive: number;
    surveys: number;
    unsubscribed: number;
    complaints: number;
    responders: number;
    opened_by_people: number;
    clicked_by_people: number;
  };
  /** Buyers count purchases in every currency; revenue is in the campaign's currency, each currency's total beside it. */
  conversions: { treatment: GroupConversions; holdout: GroupConversions };
  rates: {
    delivery: number;
    bounce: number;
    open: number;
    click: number;
    response: number;
    conversion: number;
    unsubscribe: number;
    open_by_people: number;
    click_by_people: number;
    open_excluding_automated: number;
    click_excluding_automated: number;
  };
  cost: number;
  revenue: number;
  gross_margin: number;
  profit: number;
  roi: number | null;
  cost_per_response: number | null;
  incremental_revenue: number;
  incremental_profit: number | null;
  incremental_roi: number | null;
  lift: number | null;
  lift_confidence: LiftEstimate;
  currency: string;
  /** The treatment revenue per currency: `revenue` is the part in `currency`. */
  revenue_by_currency: MoneyByCurrency;
  /** Attributed purchases in other currencies, which the money figures do not include (nothing is converted). */
  left_out: CampaignMoneyLeftOut;
  by_channel: Record<string, { sent: number; cost: number }>;
}

/**
 * The campaign report (docs/campaigns.md, "The report"): counts from the delivery ledger and the responses, revenue
 * attributed to the treatment group — purchases carrying one of the campaign's response codes,
 * or made within `attribution_days` after the contact's first message — compared with what the
 * holdout bought over the same window. Every purchase is a conversion whatever its currency;
 * the money is in the campaign's currency, other currencies listed apart (never converted).
 */
@Injectable()
export class CampaignReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
  ) {}

  /** The whole campaign; with a scope, only the occurrences of an automation due in a period (AutomationReportService). */
  async report(id: string, scope?: OccurrenceScope): Promise<CampaignReport> {
    const campaign = await this.campaigns.get(id);
    const { messages, channels } = await this.messages(id, scope);
    const responses = await this.responses(id, scope);
    const conversions = await this.conversions(id, campaign.currency, campaign.attribution_days, scope);
    return assembleCampaignReport(campaign, { messages, channels, responses, conversions }, scope);
  }

  /**
   * The reports of several whole campaigns at once, in the order asked (the operations table, the campaigns list):
   * each query grouped by campaign, the same figures as `report` one by one (campaign-report-batch.ts).
   */
  async reports(ids: string[]): Promise<CampaignReport[]> {
    if (!ids.length) return [];
    const campaigns = await queryRows<CampaignRow>(
      this.dataSource,
      `SELECT * FROM campaigns WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
    const missing = ids.find((id) => !byId.has(id));
    if (missing !== undefined) await this.campaigns.get(missing);
    const parts = await campaignReportParts(this.dataSource, ids);
    return ids.map((id) => assembleCampaignReport(byId.get(id)!, parts.get(id)!));
  }

  /** Message counts by state, and the messages sent per channel (what the costs multiply). */
  private async messages(
    id: string,
    scope?: OccurrenceScope,
  ): Promise<{ messages: CampaignReport['messages']; channels: Array<{ channel: string; sent: number }> }> {
    const where = deliveriesWhere(scope);
    const [messages] = await queryRows<CampaignReport['messages']>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE state IN (${sqlStates(QUEUED)}))::int AS queued,
              count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Delivered)})::int AS delivered,
              count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Bounced)})::int AS bounced,
              count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Failed)})::int AS failed,
              count(*) FILTER (WHERE state = ${sqlState(DeliveryState.Unknown)})::int AS unknown
       FROM deliveries WHERE ${where.sql}`,
      [id, ...where.params],
    );
    const channels = await queryRows<{ channel: string; sent: number }>(
      this.dataSource,
      `SELECT channel, count(*)::int AS sent FROM deliveries WHERE ${where.sql} AND sent_at IS NOT NULL GROUP BY channel`,
      [id, ...where.params],
    );
    return { messages, channels };
  }

  /**
   * Distinct treated contacts per kind of response, and the unsubscriptions its messages caused. In a scope, the
   * responses to its messages only.
   */
  private async responses(id: string, scope?: OccurrenceScope): Promise<CampaignReport['responses']> {
    const where = deliveriesWhere(scope);
    const treated = scope
      ? `SELECT DISTINCT contact_id FROM deliveries WHERE ${where.sql}`
      : `SELECT contact_id FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'treatment'`;
    const toScope = scope ? ` AND r.delivery_id IN (SELECT id FROM deliveries WHERE ${where.sql})` : '';
    const [responses] = await queryRows<Omit<CampaignReport['responses'], 'unsubscribed'>>(
      this.dataSource,
      `WITH treated AS (${treated}),
       r AS (SELECT r.* FROM responses r JOIN treated t ON t.contact_id = r.contact_id WHERE r.campaign_id = $1${toScope})
       SELECT count(DISTINCT contact_id) FILTER (WHERE kind = 'open')::int AS opened,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'open' AND NOT automated)::int AS opened_by_people,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'click')::int AS clicked,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'click' AND NOT automated)::int AS clicked_by_people,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'reply')::int AS replied,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'coupon')::int AS coupons,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'call' AND positive)::int AS calls_positive,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'survey')::int AS surveys,
              count(DISTINCT contact_id) FILTER (WHERE kind = 'complaint')::int AS complaints,
              count(DISTINCT contact_id) FILTER (WHERE ${RESPONDER_KINDS})::int AS responders
       FROM r`,
      [id, ...where.params],
    );
    // The campaign's delivery ids as one array, computed once: as `IN (SELECT …)` PostgreSQL may
    // compare every withdrawal with every delivery, converting the id each time (0.12 s → 0.02 s).
    const [{ unsubscribed }] = await queryRows<{ unsubscribed: number }>(
      this.dataSource,
      `SELECT count(DISTINCT e.contact_id)::int AS unsubscribed FROM consent_events e
       WHERE e.status = 'withdrawn' AND e.proof ->> 'delivery_id' = ANY (ARRAY(SELECT id::text FROM deliveries WHERE ${where.sql}))`,
      [id, ...where.params],
    );
    return { ...responses, unsubscribed };
  }

  /** Contacts and buyers of each group (purchases in every currency), and the attributed money per group and currency. */
  private async conversions(id: string, currency: string, attributionDays: number, scope?: OccurrenceScope) {
    const [row]: Array<{
      t_contacts: number;
      h_contacts: number;
      t_buyers: number;
      h_buyers: number;
      by_currency: AttributedByCurrency[];
    }> = await this.dataSource.query(
      `WITH ${scope ? OCCURRENCE_ATTRIBUTION_CTES : ATTRIBUTION_CTES},
       per_currency AS (SELECT audience_group, currency, count(*)::int AS purchases, sum(amount)::float8 AS revenue FROM attributed GROUP BY 1, 2)
       SELECT (SELECT count(*) FROM audience WHERE audience_group = 'treatment')::int AS t_contacts,
              (SELECT count(*) FROM audience WHERE audience_group = 'holdout')::int AS h_contacts,
              (SELECT count(DISTINCT contact_id) FROM attributed WHERE audience_group = 'treatment')::int AS t_buyers,
              (SELECT count(DISTINCT contact_id) FROM attributed WHERE audience_group = 'holdout')::int AS h_buyers,
              (SELECT coalesce(json_agg(per_currency ORDER BY audience_group, currency), '[]'::json) FROM per_currency) AS by_currency`,
      [id, currency, attributionDays, ...(scope ? [scope.automationId, scope.start, scope.end] : [])],
    );
    return row;
  }
}
