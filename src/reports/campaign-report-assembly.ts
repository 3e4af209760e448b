import type { CampaignDefinition } from '../campaigns/campaign-definition';
import type { CampaignRow } from '../campaigns/campaigns.repository';
import type { OccurrenceScope } from './attribution-sql';
import { splitCampaignMoney, type AttributedByCurrency, type GroupMoney } from './campaign-currencies';
import { computeReport, percent, round2 } from './campaign-kpis';
import type { CampaignReport, GroupConversions } from './campaign-report.service';

/** What the report's queries gather for one campaign: counts and sums, before any arithmetic. */
export interface CampaignReportParts {
  messages: CampaignReport['messages'];
  channels: Array<{ channel: string; sent: number }>;
  responses: CampaignReport['responses'];
  conversions: {
    t_contacts: number;
    h_contacts: number;
    t_buyers: number;
    h_buyers: number;
    by_currency: AttributedByCurrency[];
  };
}

/** What each channel's sent messages cost, and the total the report adds to the fixed cost. */
function channelCosts(
  channels: Array<{ channel: string; sent: number }>,
  perMessage: CampaignDefinition['costs']['per_message'],
): { byChannel: CampaignReport['by_channel']; messageCost: number } {
  const byChannel: CampaignReport['by_channel'] = {};
  let messageCost = 0;
  for (const { channel, sent } of channels) {
    const cost = sent * (perMessage[channel as keyof typeof perMessage] ?? 0);
    byChannel[channel] = { sent, cost: round2(cost) };
    messageCost += cost;
  }
  return { byChannel, messageCost };
}

function groupConversions(contacts: number, buyers: number, money: GroupMoney): GroupConversions {
  const revenue = round2(money.revenue);
  return {
    contacts,
    buyers,
    conversion_rate: percent(buyers, contacts),
    revenue,
    revenue_per_contact: contacts ? round2(revenue / contacts) : 0,
    revenue_by_currency: money.revenue_by_currency,
  };
}

/** Opens and clicks by people only: mail-privacy proxies and link scanners set apart. */
function ratesByPeople(
  messages: CampaignReport['messages'],
  responses: CampaignReport['responses'],
): Pick<
  CampaignReport['rates'],
  'open_by_people' | 'click_by_people' | 'open_excluding_automated' | 'click_excluding_automated'
> {
  const open = messages.delivered ? round2((responses.opened_by_people / messages.delivered) * 100) : 0;
  const click = messages.delivered ? round2((responses.clicked_by_people / messages.delivered) * 100) : 0;
  return {
    open_by_people: open,
    click_by_people: click,
    open_excluding_automated: open,
    click_excluding_automated: click,
  };
}

/**
 * The campaign report from its gathered parts: the one arithmetic of the report, whether it was
 * asked alone (CampaignReportService.report) or with others (CampaignReportService.reports).
 */
export function assembleCampaignReport(
  campaign: CampaignRow,
  { messages, channels, responses, conversions }: CampaignReportParts,
  scope?: OccurrenceScope,
): CampaignReport {
  const definition = campaign.definition;
  const { byChannel, messageCost } = channelCosts(channels, definition.costs.per_message);
  const money = splitCampaignMoney(campaign.currency, conversions.by_currency);
  const treatment = groupConversions(conversions.t_contacts, conversions.t_buyers, money.treatment);
  const holdout = groupConversions(conversions.h_contacts, conversions.h_buyers, money.holdout);
  const figures = computeReport({
    sent: messages.sent,
    delivered: messages.delivered,
    bounced: messages.bounced,
    openers: responses.opened,
    clickers: responses.clicked,
    responders: responses.responders,
    unsubscribed: responses.unsubscribed,
    treatment,
    holdout,
    fixedCost: scope && !scope.fixedCost ? 0 : definition.costs.fixed,
    messageCost,
    marginRate: campaign.margin_rate === null ? null : Number(campaign.margin_rate),
  });
  const automatedApart = ratesByPeople(messages, responses);
  const audience = (campaign.audience as CampaignReport['audience'] | null) ?? {
    segment: 0,
    excluded: { no_consent: 0, suppressed: 0, invalid_address: 0, frequency_cap: 0 },
    holdout: 0,
    targeted: 0,
  };
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    status_reason: campaign.status_reason ?? null,
    audience,
    messages,
    responses,
    conversions: { treatment, holdout },
    ...figures,
    rates: { ...figures.rates, ...automatedApart },
    currency: campaign.currency,
    revenue_by_currency: money.treatment.revenue_by_currency,
    left_out: money.left_out,
    by_channel: byChannel,
  };
}
