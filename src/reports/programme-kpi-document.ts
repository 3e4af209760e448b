import {
  moneyInCurrency,
  revenueByCurrency,
  roundedByCurrency,
  type MoneyByCurrency,
  type MoneyLeftOut,
} from './currency-split';
import { nps, percent, ratio, round2 } from './kpi-formulas';
import type { CommerceFigures, ComplaintFigures } from './period-figures';
import type { ReportPeriod } from './report-period';

/**
 * The programme KPI document of a period (`relance kpi --json`) and the one function applying
 * its formulas to the sums SQL gathers, shared by the per-period service and the series. Pure.
 */
export interface ProgrammeKpis {
  from: string;
  to: string;
  clients_active_start: number;
  retention_rate: number | null;
  attrition_rate: number | null;
  complaint_rate: number | null;
  loss_rate: number | null;
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  average_basket: number | null;
  purchase_frequency: number | null;
  revenue: number;
  /** The currency of `revenue`, `average_basket`, `compensation_costs` and `loss_rate`. */
  currency: string;
  /** Every currency's total: money is never dropped for being in another currency. */
  revenue_by_currency: MoneyByCurrency;
  compensation_by_currency: MoneyByCurrency;
  /** Every order and every buyer, whatever the currency. */
  orders: number;
  buyers: number;
  // Beyond the contract:
  /** The orders in `currency`: what `average_basket` divides by. */
  orders_in_currency: number;
  /** The orders and money in other currencies, which the ratios in `currency` do not include. */
  left_out: MoneyLeftOut;
  complaints: number;
  compensation_costs: number;
  survey_answers: number;
}

/** A client is active at a date when they bought in this many days before it. */
export const ACTIVE_DAYS = 365;
/** A survey answer's score: `details.score`, else a one- or two-digit `value`; scores outside 0–10 are not counted. */
export const SURVEY_SCORE_SQL = `coalesce((details ->> 'score')::int, CASE WHEN value ~ '^\\d{1,2}$' THEN value::int END)`;

export function validScore(score: number | null): score is number {
  return score !== null && score >= 0 && score <= 10;
}

/** What the programme KPIs of a period are computed from: the sums SQL gathers. */
export interface ProgrammeKpiInputs {
  commerce: CommerceFigures;
  complaints: ComplaintFigures;
  /** Clients active at the start (a purchase in the 365 days before it), and how many of them bought in the period. */
  retention: { active: number; retained: number };
  /** The survey scores (0–10) received in the period. */
  scores: number[];
}

/** The KPI document of a period from its sums (docs/kpis.md, "Definitions"): the one place the formulas are applied. */
export function programmeKpisOf(period: ReportPeriod, currency: string, inputs: ProgrammeKpiInputs): ProgrammeKpis {
  const { commerce, complaints, retention } = inputs;
  const retentionRate = percent(retention.retained, retention.active);
  const survey = nps(inputs.scores);
  const money = moneyInCurrency(currency, commerce.by_currency, complaints.compensation_by_currency);
  return {
    from: period.from,
    to: period.to,
    clients_active_start: retention.active,
    retention_rate: retentionRate,
    attrition_rate: retentionRate === null ? null : round2(100 - retentionRate),
    complaint_rate: percent(complaints.received, commerce.orders),
    loss_rate: percent(money.compensations, money.revenue),
    nps: survey.nps,
    promoters: survey.promoters,
    passives: survey.passives,
    detractors: survey.detractors,
    average_basket: ratio(money.revenue, money.orders),
    purchase_frequency: ratio(commerce.orders, commerce.buyers),
    revenue: round2(money.revenue),
    currency,
    revenue_by_currency: revenueByCurrency(commerce.by_currency),
    compensation_by_currency: roundedByCurrency(complaints.compensation_by_currency),
    orders: commerce.orders,
    buyers: commerce.buyers,
    orders_in_currency: money.orders,
    left_out: money.left_out,
    complaints: complaints.received,
    compensation_costs: round2(money.compensations),
    survey_answers: survey.answers,
  };
}
