import { percent as percentOrNull, ratio, round2 } from './kpi-formulas';

/**
 * The campaign report's arithmetic, exactly as docs/campaigns.md defines it ("Definitions"). Pure: the service
 * gathers counts and sums with SQL, these functions turn them into rates and money.
 */
export interface ReportInputs {
  sent: number;
  delivered: number;
  bounced: number;
  openers: number;
  clickers: number;
  responders: number;
  unsubscribed: number;
  treatment: { contacts: number; buyers: number; revenue: number };
  holdout: { contacts: number; buyers: number; revenue: number };
  fixedCost: number;
  /** Σ per-message cost × messages sent, over channels. */
  messageCost: number;
  marginRate: number | null;
}

export interface LiftEstimate {
  /** 95 % interval of the lift (ratio of conversion rates − 1), log method; null when it cannot be computed. */
  low: number | null;
  high: number | null;
  significant: boolean;
  note: string;
}

export interface ReportFigures {
  rates: {
    delivery: number;
    bounce: number;
    open: number;
    click: number;
    response: number;
    conversion: number;
    unsubscribe: number;
  };
  cost: number;
  revenue: number;
  gross_margin: number;
  profit: number;
  roi: number | null;
  cost_per_response: number | null;
  incremental_revenue: number;
  /** incremental_revenue × margin_rate − cost; null without a control group. */
  incremental_profit: number | null;
  /** incremental_profit ÷ cost; null without a control group or without cost. */
  incremental_roi: number | null;
  lift: number | null;
  lift_confidence: LiftEstimate;
}

export { round2 };
/** A percentage of a campaign's figures: 0 over nothing (a report row always shows a number). */
export const percent = (numerator: number, denominator: number): number => percentOrNull(numerator, denominator) ?? 0;

/**
 * Lift of treatment over holdout with a 95 % confidence interval on the ratio of the two
 * conversion rates (Katz log method). With no holdout buyers, or too few contacts, the lift is
 * not estimable and the report says so rather than printing a number.
 */
export function liftEstimate(
  treatment: { contacts: number; buyers: number },
  holdout: { contacts: number; buyers: number },
): LiftEstimate {
  if (!holdout.contacts)
    return { low: null, high: null, significant: false, note: 'no holdout group: lift cannot be measured' };
  if (!holdout.buyers)
    return {
      low: null,
      high: null,
      significant: false,
      note: 'no buyer in the holdout group: lift cannot be measured (holdout too small or too short)',
    };
  if (!treatment.buyers)
    return { low: null, high: null, significant: false, note: 'no buyer among the targeted contacts' };
  const pt = treatment.buyers / treatment.contacts;
  const ph = holdout.buyers / holdout.contacts;
  const se = Math.sqrt((1 - pt) / treatment.buyers + (1 - ph) / holdout.buyers);
  const logRatio = Math.log(pt / ph);
  const low = round2(Math.exp(logRatio - 1.96 * se) - 1);
  const high = round2(Math.exp(logRatio + 1.96 * se) - 1);
  const significant = low > 0 || high < 0;
  return {
    low,
    high,
    significant,
    note: significant
      ? `lift significant at 95 % (interval ${low} to ${high})`
      : `not significant at 95 %: the interval ${low} to ${high} includes no effect; the holdout is too small to conclude`,
  };
}

/** `roi` = profit ÷ cost, null without cost: a campaign's, and a table's total from its summed profit and cost. */
export const returnOnInvestment = (profit: number, cost: number): number | null => ratio(profit, cost);

/** `cost_per_response` = cost ÷ responders, null without responders. */
export const costPerResponse = (cost: number, responders: number): number | null => ratio(cost, responders);

/** `incremental_roi` = incremental_profit ÷ cost, null without a control group (no incremental profit) or without cost. */
export const incrementalReturnOnInvestment = (incrementalProfit: number | null, cost: number): number | null =>
  incrementalProfit === null ? null : ratio(incrementalProfit, cost);

export function computeReport(input: ReportInputs): ReportFigures {
  const cost = round2(input.fixedCost + input.messageCost);
  const revenue = round2(input.treatment.revenue);
  const grossMargin = round2(revenue * (input.marginRate ?? 1));
  const profit = round2(grossMargin - cost);
  const treatmentConversion = input.treatment.contacts ? input.treatment.buyers / input.treatment.contacts : 0;
  const holdoutConversion = input.holdout.contacts ? input.holdout.buyers / input.holdout.contacts : 0;
  const perTreatment = input.treatment.contacts ? input.treatment.revenue / input.treatment.contacts : 0;
  const perHoldout = input.holdout.contacts ? input.holdout.revenue / input.holdout.contacts : 0;
  // From the rounded figures the report shows, as profit is from the rounded revenue: a reader's check adds up.
  const incrementalRevenue = input.holdout.contacts
    ? round2((perTreatment - perHoldout) * input.treatment.contacts)
    : 0;
  const incrementalProfit = input.holdout.contacts ? round2(incrementalRevenue * (input.marginRate ?? 1) - cost) : null;
  return {
    rates: {
      delivery: percent(input.delivered, input.sent),
      bounce: percent(input.bounced, input.sent),
      open: percent(input.openers, input.delivered),
      click: percent(input.clickers, input.delivered),
      response: percent(input.responders, input.sent),
      conversion: percent(input.treatment.buyers, input.treatment.contacts),
      unsubscribe: percent(input.unsubscribed, input.delivered),
    },
    cost,
    revenue,
    gross_margin: grossMargin,
    profit,
    roi: returnOnInvestment(profit, cost),
    cost_per_response: costPerResponse(cost, input.responders),
    incremental_revenue: incrementalRevenue,
    incremental_profit: incrementalProfit,
    incremental_roi: incrementalReturnOnInvestment(incrementalProfit, cost),
    lift:
      input.holdout.buyers > 0 && input.holdout.contacts > 0
        ? round2(treatmentConversion / holdoutConversion - 1)
        : null,
    lift_confidence: liftEstimate(input.treatment, input.holdout),
  };
}
