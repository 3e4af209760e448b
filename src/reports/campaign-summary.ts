import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  MISSING,
} from '../core/text/french-figures';
import type { CampaignReport } from './campaign-report.service';
import type { DailySeries } from './campaign-timeline.service';
import { CAMPAIGN_STATUS_LABELS, CHANNEL_LABELS, labelOf, OBJECTIVE_LABELS } from './french-labels';
import { comparisonSentence, headlineSentence, ratio } from './campaign-summary-sentences';

/**
 * The bilan de campagne as words and figures, in French, before it is drawn (campaign-summary-pdf):
 * every figure comes from the campaign report (`relance campaign report --json`) or its daily
 * series, formatted (`1 234,50 MAD`, `7 déc. 2026`); nothing is computed here that the report
 * computes. Pure.
 */
export interface CampaignSummaryFacts {
  report: CampaignReport;
  campaign: {
    objective: string;
    created_at: Date;
    launched_at: Date | null;
    completed_at: Date | null;
    attribution_days: number;
    margin_rate: number | null;
    holdout_percent: number;
    fixed_cost: number;
    steps: Array<{ position: number; channel: string; dispatched_at: Date | null; due_at: Date | null }>;
  };
  daily: DailySeries;
  timeZone: string;
  printedAt: Date;
}

export interface SummaryRow {
  label: string;
  value: string;
}

export interface SummaryBlock {
  heading: string;
  rows: SummaryRow[];
}

export interface CampaignSummary {
  name: string;
  /** Objective, status, dates, steps, attribution: one line each. */
  facts: string[];
  /** With a control group the incremental profit and ROI first; the sentence says how to read them. */
  headline: { rows: SummaryRow[]; sentence: string };
  funnel: Array<{ label: string; value: number; shown: string }>;
  comparison: { rows: Array<[string, string, string]>; sentence: string } | null;
  blocks: { money: SummaryBlock; audience: SummaryBlock; messages: SummaryBlock; responses: SummaryBlock };
  /** Attributed revenue per day (the days of the report's daily series). */
  daily: Array<{ date: string; label: string; value: number; shown: string }>;
  /** Purchases in other currencies, not in the money figures. */
  leftOut: string | null;
  footer: string;
}

/** The report's rates are percentages (15.76 for 15,76 %). */
const rate = (percentage: number): string => formatPercent(percentage / 100);

function facts(input: CampaignSummaryFacts): string[] {
  const { report, campaign, timeZone } = input;
  const day = (value: Date | null) => formatDate(value, timeZone);
  const steps = campaign.steps.map(
    (step) =>
      `${step.position}. ${labelOf(CHANNEL_LABELS, step.channel)}` +
      (step.dispatched_at
        ? ` envoyé le ${day(step.dispatched_at)}`
        : step.due_at
          ? ` prévu le ${day(step.due_at)}`
          : ''),
  );
  const margin =
    campaign.margin_rate === null
      ? 'marge brute = chiffre d’affaires'
      : `taux de marge ${formatPercent(campaign.margin_rate)}`;
  return [
    `Objectif : ${labelOf(OBJECTIVE_LABELS, campaign.objective)} · statut : ${labelOf(CAMPAIGN_STATUS_LABELS, report.status)}${report.status_reason ? ` (${report.status_reason})` : ''}`,
    `Créée le ${day(campaign.created_at)} · lancée le ${day(campaign.launched_at)} · terminée le ${day(campaign.completed_at)}`,
    `${steps.length > 1 ? 'Étapes' : 'Étape'} : ${steps.join(' ; ') || MISSING}`,
    `Achats attribués : code de réponse, ou achat dans les ${campaign.attribution_days} jours qui suivent le premier message · ${margin}`,
  ];
}

function headline(report: CampaignReport): CampaignSummary['headline'] {
  const money = (value: number | null) => formatMoney(value, report.currency);
  const attributed = [
    { label: 'Profit attribué', value: money(report.profit) },
    { label: 'ROI attribué', value: ratio(report.roi) },
  ];
  if (report.conversions.holdout.contacts > 0 && report.incremental_profit !== null)
    return {
      rows: [
        { label: 'Profit incrémental', value: money(report.incremental_profit) },
        { label: 'ROI incrémental', value: ratio(report.incremental_roi) },
        ...attributed,
      ],
      sentence: headlineSentence(report, money),
    };
  return {
    rows: [
      { label: 'Profit', value: money(report.profit) },
      { label: 'ROI', value: ratio(report.roi) },
    ],
    sentence: headlineSentence(report, money),
  };
}

function funnel(report: CampaignReport, hasEmail: boolean): CampaignSummary['funnel'] {
  const stages = [
    { label: 'Ciblés', value: report.audience.targeted, shown: '' },
    { label: 'Délivrés', value: report.messages.delivered, shown: `${rate(report.rates.delivery)} des envoyés` },
    ...(hasEmail
      ? [
          { label: 'Ouverts', value: report.responses.opened, shown: `${rate(report.rates.open)} des délivrés` },
          { label: 'Cliqués', value: report.responses.clicked, shown: `${rate(report.rates.click)} des délivrés` },
        ]
      : []),
    { label: 'Répondants', value: report.responses.responders, shown: `${rate(report.rates.response)} des envoyés` },
    {
      label: 'Acheteurs',
      value: report.conversions.treatment.buyers,
      shown: `${rate(report.rates.conversion)} des ciblés`,
    },
  ];
  return stages.map((stage) => ({
    ...stage,
    shown: [formatNumber(stage.value), stage.shown].filter(Boolean).join(' · '),
  }));
}

function comparison(report: CampaignReport): CampaignSummary['comparison'] {
  const { treatment, holdout } = report.conversions;
  if (!holdout.contacts) return null;
  const money = (value: number) => formatMoney(value, report.currency);
  // The report's per-group rates (percentages) and revenue per contact.
  const conversion = (group: typeof treatment) => formatPercent(group.conversion_rate / 100);
  const perContact = (group: typeof treatment) => money(group.revenue_per_contact);
  return {
    rows: [
      ['', 'Ciblés (ont reçu)', 'Témoin (rien reçu)'],
      ['Contacts', formatNumber(treatment.contacts), formatNumber(holdout.contacts)],
      ['Acheteurs', formatNumber(treatment.buyers), formatNumber(holdout.buyers)],
      ['Taux de conversion', conversion(treatment), conversion(holdout)],
      ['Chiffre d’affaires', money(treatment.revenue), money(holdout.revenue)],
      ['Chiffre d’affaires par contact', perContact(treatment), perContact(holdout)],
    ],
    sentence: comparisonSentence(report, money),
  };
}

function moneyBlock(report: CampaignReport, input: CampaignSummaryFacts): SummaryBlock {
  const money = (value: number | null) => formatMoney(value, report.currency);
  const channels = Object.entries(report.by_channel).map(([channel, spent]) => ({
    label: `   dont ${labelOf(CHANNEL_LABELS, channel)} (${formatNumber(spent.sent)} envois)`,
    value: money(spent.cost),
  }));
  return {
    heading: 'Coûts et résultats',
    rows: [
      { label: 'Coût', value: money(report.cost) },
      { label: '   dont coût fixe', value: money(input.campaign.fixed_cost) },
      ...channels,
      { label: 'Chiffre d’affaires attribué', value: money(report.revenue) },
      { label: 'Marge brute', value: money(report.gross_margin) },
      { label: 'Profit (marge brute − coût)', value: money(report.profit) },
      { label: 'ROI (profit ÷ coût)', value: ratio(report.roi) },
      { label: 'Coût par répondant', value: money(report.cost_per_response) },
      ...(report.conversions.holdout.contacts
        ? [
            { label: 'Chiffre d’affaires incrémental', value: money(report.incremental_revenue) },
            { label: 'Profit incrémental', value: money(report.incremental_profit) },
            { label: 'ROI incrémental', value: ratio(report.incremental_roi) },
          ]
        : []),
    ],
  };
}

function audienceBlock(report: CampaignReport, holdoutPercent: number): SummaryBlock {
  const { audience } = report;
  const n = formatNumber;
  return {
    heading: 'Audience',
    rows: [
      { label: 'Contacts du segment', value: n(audience.segment) },
      { label: 'Exclus : sans consentement', value: n(audience.excluded.no_consent) },
      { label: 'Exclus : liste d’opposition', value: n(audience.excluded.suppressed) },
      { label: 'Exclus : adresse invalide', value: n(audience.excluded.invalid_address) },
      { label: 'Exclus : pression commerciale', value: n(audience.excluded.frequency_cap) },
      { label: `Groupe témoin (${formatNumber(holdoutPercent)} %)`, value: n(audience.holdout) },
      { label: 'Ciblés', value: n(audience.targeted) },
    ],
  };
}

function messagesBlock(report: CampaignReport): SummaryBlock {
  const { messages, rates } = report;
  const n = formatNumber;
  return {
    heading: 'Messages',
    rows: [
      { label: 'Envoyés', value: n(messages.sent) },
      { label: 'Délivrés', value: `${n(messages.delivered)} (${rate(rates.delivery)})` },
      { label: 'Rejetés', value: `${n(messages.bounced)} (${rate(rates.bounce)})` },
      { label: 'Échecs', value: n(messages.failed) },
      { label: 'Issue inconnue', value: n(messages.unknown) },
      { label: 'En attente', value: n(messages.queued) },
    ],
  };
}

function responsesBlock(report: CampaignReport): SummaryBlock {
  const { responses, rates } = report;
  const n = formatNumber;
  return {
    heading: 'Réponses',
    rows: [
      { label: 'Répondants', value: `${n(responses.responders)} (${rate(rates.response)})` },
      { label: 'Coupons', value: n(responses.coupons) },
      { label: 'Réponses écrites', value: n(responses.replied) },
      { label: 'Appels positifs', value: n(responses.calls_positive) },
      { label: 'Enquêtes', value: n(responses.surveys) },
      { label: 'Ouvertures (personnes)', value: `${n(responses.opened)} (${n(responses.opened_by_people)})` },
      { label: 'Clics (personnes)', value: `${n(responses.clicked)} (${n(responses.clicked_by_people)})` },
      { label: 'Désinscriptions', value: `${n(responses.unsubscribed)} (${rate(rates.unsubscribe)})` },
      { label: 'Réclamations', value: n(responses.complaints) },
    ],
  };
}

export function campaignSummary(input: CampaignSummaryFacts): CampaignSummary {
  const { report, daily, timeZone } = input;
  const leftOut = Object.entries(report.left_out.treatment.revenue_by_currency).map(([code, amount]) =>
    formatMoney(amount, code),
  );
  return {
    name: report.name,
    facts: facts(input),
    headline: headline(report),
    funnel: funnel(
      report,
      input.campaign.steps.some((step) => step.channel === 'email'),
    ),
    comparison: comparison(report),
    blocks: {
      money: moneyBlock(report, input),
      audience: audienceBlock(report, input.campaign.holdout_percent),
      messages: messagesBlock(report),
      responses: responsesBlock(report),
    },
    // A calendar day of the series (already in the installation's zone): formatted as that day.
    daily: daily.days.map((day) => ({
      date: day.date,
      label: formatDate(`${day.date}T12:00:00Z`, 'UTC'),
      value: day.revenue,
      shown: formatMoney(day.revenue, daily.currency),
    })),
    leftOut: leftOut.length
      ? `Achats des ciblés dans d’autres devises, non comptés dans les montants (rien n’est converti) : ${leftOut.join(', ')}.`
      : null,
    footer: `Bilan édité le ${formatDateTime(input.printedAt, timeZone)} par relance — mêmes chiffres que « relance campaign report ${report.id} ».`,
  };
}
