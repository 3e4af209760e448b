import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { ATTRIBUTION_CTES, RESPONDER_KINDS } from './attribution-sql';
import { computeReport, round2, type LiftEstimate } from './campaign-kpis';

export interface CampaignReport {
  id: string;
  name: string;
  status: string;
  /** Why the campaign is paused (an unreachable relay, a user), else null. */
  status_reason: string | null;
  audience: { segment: number; excluded: { no_consent: number; suppressed: number; invalid_address: number; frequency_cap: number }; holdout: number; targeted: number };
  messages: { queued: number; sent: number; delivered: number; bounced: number; failed: number; unknown: number };
  responses: { opened: number; clicked: number; replied: number; coupons: number; calls_positive: number; surveys: number; unsubscribed: number; complaints: number; responders: number; opened_by_people: number; clicked_by_people: number };
  conversions: { treatment: { contacts: number; buyers: number; revenue: number }; holdout: { contacts: number; buyers: number; revenue: number } };
  rates: { delivery: number; bounce: number; open: number; click: number; response: number; conversion: number; unsubscribe: number; open_by_people: number; click_by_people: number; open_excluding_automated: number; click_excluding_automated: number };
  cost: number;
  revenue: number;
  gross_margin: number;
  profit: number;
  roi: number | null;
  cost_per_response: number | null;
  incremental_revenue: number;
  lift: number | null;
  lift_confidence: LiftEstimate;
  currency: string;
  by_channel: Record<string, { sent: number; cost: number }>;
}

/**
 * The campaign report (CONTRACT.md): counts from the delivery ledger and the responses, revenue
 * attributed to the treatment group — purchases carrying one of the campaign's response codes,
 * or made within `attribution_days` after the contact's first message — compared with what the
 * holdout bought over the same window, in the campaign's currency.
 */
@Injectable()
export class CampaignReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
  ) {}

  async report(id: string): Promise<CampaignReport> {
    const campaign = await this.campaigns.get(id);
    const [messages] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state IN ('planned', 'claimed', 'sending'))::int AS queued,
              count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE state = 'bounced')::int AS bounced,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              count(*) FILTER (WHERE state = 'unknown')::int AS unknown
       FROM deliveries WHERE campaign_id = $1`,
      [id],
    );
    const channels: Array<{ channel: string; sent: number }> = await this.dataSource.query(
      `SELECT channel, count(*)::int AS sent FROM deliveries WHERE campaign_id = $1 AND sent_at IS NOT NULL GROUP BY channel`,
      [id],
    );
    const [responses] = await this.dataSource.query(
      `WITH treated AS (SELECT contact_id FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'treatment'),
       r AS (SELECT r.* FROM responses r JOIN treated t ON t.contact_id = r.contact_id WHERE r.campaign_id = $1)
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
      [id],
    );
    const [{ unsubscribed }] = await this.dataSource.query(
      `SELECT count(DISTINCT e.contact_id)::int AS unsubscribed FROM consent_events e
       WHERE e.status = 'withdrawn' AND e.proof ->> 'delivery_id' IN (SELECT id::text FROM deliveries WHERE campaign_id = $1)`,
      [id],
    );
    const [conversions] = await this.dataSource.query(
      `WITH ${ATTRIBUTION_CTES}
       SELECT (SELECT count(*) FROM audience WHERE audience_group = 'treatment')::int AS t_contacts,
              (SELECT count(*) FROM audience WHERE audience_group = 'holdout')::int AS h_contacts,
              count(DISTINCT contact_id) FILTER (WHERE audience_group = 'treatment')::int AS t_buyers,
              count(DISTINCT contact_id) FILTER (WHERE audience_group = 'holdout')::int AS h_buyers,
              coalesce(sum(amount) FILTER (WHERE audience_group = 'treatment'), 0)::float8 AS t_revenue,
              coalesce(sum(amount) FILTER (WHERE audience_group = 'holdout'), 0)::float8 AS h_revenue
       FROM attributed`,
      [id, campaign.currency, campaign.attribution_days],
    );
    const definition = campaign.definition;
    const byChannel: CampaignReport['by_channel'] = {};
    let messageCost = 0;
    for (const { channel, sent } of channels) {
      const cost = sent * (definition.costs.per_message[channel as keyof typeof definition.costs.per_message] ?? 0);
      byChannel[channel] = { sent, cost: round2(cost) };
      messageCost += cost;
    }
    const treatment = { contacts: conversions.t_contacts, buyers: conversions.t_buyers, revenue: round2(conversions.t_revenue) };
    const holdout = { contacts: conversions.h_contacts, buyers: conversions.h_buyers, revenue: round2(conversions.h_revenue) };
    const figures = computeReport({
      sent: messages.sent, delivered: messages.delivered, bounced: messages.bounced, openers: responses.opened, clickers: responses.clicked,
      responders: responses.responders, unsubscribed, treatment, holdout, fixedCost: definition.costs.fixed, messageCost,
      marginRate: campaign.margin_rate === null ? null : Number(campaign.margin_rate),
    });
    // Opens and clicks by people only: mail-privacy proxies and link scanners set apart.
    const open = messages.delivered ? round2((responses.opened_by_people / messages.delivered) * 100) : 0;
    const click = messages.delivered ? round2((responses.clicked_by_people / messages.delivered) * 100) : 0;
    const automatedApart = { open_by_people: open, click_by_people: click, open_excluding_automated: open, click_excluding_automated: click };
    const audience = (campaign.audience as CampaignReport['audience'] | null) ?? { segment: 0, excluded: { no_consent: 0, suppressed: 0, invalid_address: 0, frequency_cap: 0 }, holdout: 0, targeted: 0 };
    return {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      status_reason: campaign.status_reason ?? null,
      audience,
      messages,
      responses: { ...responses, unsubscribed },
      conversions: { treatment, holdout },
      ...figures,
      rates: { ...figures.rates, ...automatedApart },
      currency: campaign.currency,
      by_channel: byChannel,
    };
  }
}
