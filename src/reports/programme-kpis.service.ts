import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import {
  moneyInCurrency,
  reportCurrency,
  revenueByCurrency,
  roundedByCurrency,
  type MoneyByCurrency,
  type MoneyLeftOut,
} from './currency-split';
import { nps, percent, ratio, round2 } from './kpi-formulas';
import { PeriodFigures, type CommerceFigures, type ComplaintFigures } from './period-figures';
import { parsePeriod, previousPeriod, yearEarlier, type ReportPeriod } from './report-period';

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

export interface ProgrammeKpiReport extends ProgrammeKpis {
  verbatims: Array<{ score: number; category: string; comment: string; received_at: Date }>;
  previous_period: ProgrammeKpis;
  year_on_year: ProgrammeKpis;
}

const DAY = 86_400_000;
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

/**
 * Programme KPIs (docs/kpis.md, "Definitions"): a client is active at a date when they bought
 * in the 365 days before it; retention = active-at-start clients who bought during the period;
 * complaint rate = complaints received ÷ orders; loss rate = compensations ÷ revenue; NPS over
 * the survey answers of the period. Counts take every purchase whatever its currency; money
 * figures are in the currency asked for (RELANCE_DEFAULT_CURRENCY by default), every currency's
 * total is given apart and what the ratios leave out is listed (no exchange rate is assumed).
 * Each figure is also given for the period just before and for the same dates a year earlier.
 */
@Injectable()
export class ProgrammeKpisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: PeriodFigures,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async report(
    input: { from?: string; to?: string; currency?: string } = {},
    now: Date = new Date(),
  ): Promise<ProgrammeKpiReport> {
    const zone = this.config.defaultTimezone;
    const period = parsePeriod(input, zone, now);
    const currency = reportCurrency(input.currency, this.figures.currency);
    const [current, previous, yearBefore, verbatims] = await Promise.all([
      this.kpis(period, currency),
      this.kpis(previousPeriod(period, zone), currency),
      this.kpis(yearEarlier(period, zone), currency),
      this.verbatims(period),
    ]);
    return { ...current, verbatims, previous_period: previous, year_on_year: yearBefore };
  }

  async kpis(period: ReportPeriod, currency: string = this.figures.currency): Promise<ProgrammeKpis> {
    const [commerce, complaints, retention, scores] = await Promise.all([
      this.figures.commerce(period),
      this.figures.complaints(period),
      this.retention(period),
      this.scores(period),
    ]);
    return programmeKpisOf(period, currency, { commerce, complaints, retention, scores });
  }

  private async retention(period: ReportPeriod): Promise<{ active: number; retained: number }> {
    const [row] = await queryRows<{ active: number; retained: number }>(
      this.dataSource,
      `WITH active AS (SELECT DISTINCT contact_id FROM purchases WHERE ordered_at >= $1 AND ordered_at < $2)
       SELECT count(*)::int AS active,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = a.contact_id AND p.ordered_at >= $2 AND p.ordered_at < $3))::int AS retained
       FROM active a`,
      [new Date(period.start.getTime() - ACTIVE_DAYS * DAY), period.start, period.end],
    );
    return row;
  }

  private async scores(period: ReportPeriod): Promise<number[]> {
    const rows: Array<{ score: number | null }> = await this.dataSource.query(
      `SELECT ${SURVEY_SCORE_SQL} AS score
       FROM responses WHERE kind = 'survey' AND received_at >= $1 AND received_at < $2`,
      [period.start, period.end],
    );
    return rows.map((row) => row.score).filter(validScore);
  }

  private async verbatims(period: ReportPeriod): Promise<ProgrammeKpiReport['verbatims']> {
    return this.dataSource.query(
      `SELECT (details ->> 'score')::int AS score, details ->> 'category' AS category, details ->> 'comment' AS comment, received_at
       FROM responses WHERE kind = 'survey' AND received_at >= $1 AND received_at < $2 AND coalesce(details ->> 'comment', '') <> ''
       ORDER BY received_at DESC LIMIT 200`,
      [period.start, period.end],
    );
  }
}
