import type { BreakdownRow } from '../../reports/campaign-breakdown';
import type { CampaignReport } from '../../reports/campaign-report.service';
import type { CampaignBreakdown, DailySeries } from '../../reports/campaign-timeline.service';
import { formatDate } from '../shell/french-format';
import { DIMENSION_LABELS, labelOf, LIFECYCLE_LABELS, VALUE_TIER_LABELS } from './campaign-labels';

/** A chart as assets/console/console.ts draws it from `data-chart`. */
export interface ChartSpecification {
  type: 'line' | 'bar' | 'doughnut';
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
}

export interface FunnelStage {
  label: string;
  value: number;
  /** The report's rate for this stage (a ratio for the `percent` helper) and what it is a share of; null for the first. */
  rate: number | null;
  of: string | null;
}

/** The report's rates are percentages (15.76); the `percent` helper takes a ratio (0.1576). */
const ratio = (percentage: number) => percentage / 100;

/**
 * Ciblés → délivrés → ouverts / cliqués (e-mail only) → répondants → acheteurs, each with the
 * report's own rate (docs/campaigns.md, "Definitions"), and the same figures as a chart.
 */
export function funnelView(
  report: CampaignReport,
  hasEmail: boolean,
): { stages: FunnelStage[]; chart: ChartSpecification } {
  const stages: FunnelStage[] = [
    { label: 'Ciblés', value: report.audience.targeted, rate: null, of: null },
    { label: 'Délivrés', value: report.messages.delivered, rate: ratio(report.rates.delivery), of: 'des envoyés' },
  ];
  if (hasEmail)
    stages.push(
      { label: 'Ouverts', value: report.responses.opened, rate: ratio(report.rates.open), of: 'des délivrés' },
      { label: 'Cliqués', value: report.responses.clicked, rate: ratio(report.rates.click), of: 'des délivrés' },
    );
  stages.push(
    { label: 'Répondants', value: report.responses.responders, rate: ratio(report.rates.response), of: 'des envoyés' },
    {
      label: 'Acheteurs',
      value: report.conversions.treatment.buyers,
      rate: ratio(report.rates.conversion),
      of: 'des ciblés',
    },
  );
  return {
    stages,
    chart: {
      type: 'bar',
      labels: stages.map((stage) => stage.label),
      datasets: [{ label: 'Contacts', data: stages.map((stage) => stage.value) }],
    },
  };
}

/** Responses and purchases day by day (CampaignTimelineService.daily): a chart of new responders and buyers, and the table. */
export function timelineView(series: DailySeries): {
  days: Array<DailySeries['days'][number] & { label: string }>;
  chart: ChartSpecification;
} {
  // A calendar day (already in the installation's time zone): formatted as such, never shifted by a zone.
  const days = series.days.map((day) => ({ ...day, label: formatDate(`${day.date}T12:00:00Z`, 'UTC') }));
  return {
    days,
    chart: {
      type: 'bar',
      labels: days.map((day) => day.label),
      datasets: [
        { label: 'Nouveaux répondants', data: series.days.map((day) => day.new_responders) },
        { label: 'Nouveaux acheteurs', data: series.days.map((day) => day.conversions) },
      ],
    },
  };
}

export type LiftVerdict = 'no-holdout' | 'no-holdout-buyer' | 'no-treatment-buyer' | 'up' | 'down' | 'inconclusive';

/**
 * Which sentence says whether the difference with the control group can be trusted: the report's
 * 95 % interval (lift_confidence) decides; the counts only say why there is no interval.
 */
export function liftVerdict(report: CampaignReport): LiftVerdict {
  const { treatment, holdout } = report.conversions;
  const { low, high, significant } = report.lift_confidence;
  if (!holdout.contacts) return 'no-holdout';
  if (low === null || high === null) return !holdout.buyers ? 'no-holdout-buyer' : 'no-treatment-buyer';
  if (!treatment.buyers) return 'no-treatment-buyer';
  if (!significant) return 'inconclusive';
  return low > 0 ? 'up' : 'down';
}

/**
 * The money: with a control group the incremental profit and ROI come first (what the campaign
 * itself brought), then the attributed ones, with why they differ — the control group, which
 * received nothing, bought too: part of what the targeted clients bought they would have bought anyway.
 */
export function moneyView(report: CampaignReport) {
  const hasHoldout = report.conversions.holdout.contacts > 0;
  const incrementalFirst = hasHoldout && report.incremental_profit !== null;
  return {
    currency: report.currency,
    cost: report.cost,
    revenue: report.revenue,
    grossMargin: report.gross_margin,
    profit: report.profit,
    roi: report.roi,
    costPerResponse: report.cost_per_response,
    incrementalFirst,
    incrementalRevenue: report.incremental_revenue,
    incrementalProfit: report.incremental_profit,
    incrementalRoi: report.incremental_roi,
    /** The control group bought nothing: everything attributed is incremental, the two ROIs differ only by rounding. */
    holdoutBoughtNothing: hasHoldout && report.conversions.holdout.revenue === 0,
    leftOutCurrencies: report.left_out.currencies.join(', '),
  };
}

export function comparisonView(report: CampaignReport) {
  const { treatment, holdout } = report.conversions;
  const groups = [
    { label: 'Clients ciblés (ont reçu la campagne)', ...treatment },
    { label: "Groupe témoin (n'a rien reçu)", ...holdout },
  ].map((group) => ({
    label: group.label,
    contacts: group.contacts,
    buyers: group.buyers,
    conversionRate: ratio(group.conversion_rate),
    revenue: group.revenue,
    revenuePerContact: group.revenue_per_contact,
  }));
  return {
    hasHoldout: holdout.contacts > 0,
    currency: report.currency,
    groups,
    incrementalRevenue: report.incremental_revenue,
    lift: report.lift,
    low: report.lift_confidence.low,
    high: report.lift_confidence.high,
    hasInterval: report.lift_confidence.low !== null && report.lift_confidence.high !== null,
    verdict: liftVerdict(report),
  };
}

function breakdownValue(dimension: keyof typeof DIMENSION_LABELS, value: string): string {
  if (dimension === 'lifecycle') return labelOf(LIFECYCLE_LABELS, value);
  if (dimension === 'value_tier') return labelOf(VALUE_TIER_LABELS, value);
  return value === 'unknown' ? 'Non renseignée' : value;
}

/** One table per dimension (lifecycle stage, value tier, region), treatment beside control. */
export function breakdownView(breakdown: CampaignBreakdown) {
  return (Object.keys(DIMENSION_LABELS) as Array<keyof typeof DIMENSION_LABELS>).map((dimension) => ({
    key: dimension,
    label: DIMENSION_LABELS[dimension],
    currency: breakdown.currency,
    rows: breakdown.dimensions[dimension].map((row: BreakdownRow) => ({
      value: breakdownValue(dimension, row.value),
      contacts: row.contacts,
      responders: row.responders,
      responseRate: ratio(row.response_rate),
      buyers: row.buyers,
      conversionRate: ratio(row.conversion_rate),
      revenue: row.revenue,
      holdoutContacts: row.holdout_contacts,
      holdoutBuyers: row.holdout_buyers,
      holdoutConversionRate: row.holdout_conversion_rate === null ? null : ratio(row.holdout_conversion_rate),
      incrementalRevenue: row.incremental_revenue,
    })),
  }));
}
