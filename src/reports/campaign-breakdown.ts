import { percent, round2 } from './campaign-kpis';

/**
 * The per-segment view of a campaign: for each value of a contact attribute (lifecycle stage,
 * value tier, region), the same treatment-versus-holdout figures as the report. Pure: the
 * service sums with SQL, this turns the sums into rates.
 */
export const BREAKDOWN_DIMENSIONS = ['lifecycle', 'value_tier', 'region'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export interface BreakdownSums {
  dimension: BreakdownDimension;
  value: string;
  contacts: number;
  holdout_contacts: number;
  sent: number;
  responders: number;
  buyers: number;
  revenue: number;
  holdout_buyers: number;
  holdout_revenue: number;
}

export interface BreakdownRow extends BreakdownSums {
  response_rate: number;
  conversion_rate: number;
  holdout_conversion_rate: number | null;
  /** (revenue per treated contact − revenue per held-out contact) × treated contacts; null without holdout contacts in the group. */
  incremental_revenue: number | null;
}

export function breakdownRow(sums: BreakdownSums): BreakdownRow {
  const perTreated = sums.contacts ? sums.revenue / sums.contacts : 0;
  const perHeldOut = sums.holdout_contacts ? sums.holdout_revenue / sums.holdout_contacts : 0;
  return {
    ...sums,
    revenue: round2(sums.revenue),
    holdout_revenue: round2(sums.holdout_revenue),
    response_rate: percent(sums.responders, sums.sent),
    conversion_rate: percent(sums.buyers, sums.contacts),
    holdout_conversion_rate: sums.holdout_contacts ? percent(sums.holdout_buyers, sums.holdout_contacts) : null,
    incremental_revenue: sums.holdout_contacts ? round2((perTreated - perHeldOut) * sums.contacts) : null,
  };
}
