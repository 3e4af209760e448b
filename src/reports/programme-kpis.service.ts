import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { nps, percent, ratio, round2 } from './kpi-formulas';
import { PeriodFigures } from './period-figures';
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
  // Beyond the contract:
  currency: string;
  orders: number;
  buyers: number;
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

/**
 * Programme KPIs (CONTRACT.md "Programme KPIs"): a client is active at a date when they bought
 * in the 365 days before it; retention = active-at-start clients who bought during the period;
 * complaint rate = complaints received ÷ orders; loss rate = compensations ÷ revenue; NPS over
 * the survey answers of the period. Money in RELANCE_DEFAULT_CURRENCY. Each figure is also given
 * for the period just before and for the same dates a year earlier.
 */
@Injectable()
export class ProgrammeKpisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: PeriodFigures,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async report(input: { from?: string; to?: string } = {}, now: Date = new Date()): Promise<ProgrammeKpiReport> {
    const zone = this.config.defaultTimezone;
    const period = parsePeriod(input, zone, now);
    const [current, previous, yearBefore, verbatims] = await Promise.all([
      this.kpis(period), this.kpis(previousPeriod(period, zone)), this.kpis(yearEarlier(period, zone)), this.verbatims(period),
    ]);
    return { ...current, verbatims, previous_period: previous, year_on_year: yearBefore };
  }

  async kpis(period: ReportPeriod): Promise<ProgrammeKpis> {
    const [commerce, complaints, retention, scores] = await Promise.all([
      this.figures.commerce(period), this.figures.complaints(period), this.retention(period), this.scores(period),
    ]);
    const retentionRate = percent(retention.retained, retention.active);
    const survey = nps(scores);
    return {
      from: period.from, to: period.to,
      clients_active_start: retention.active,
      retention_rate: retentionRate,
      attrition_rate: retentionRate === null ? null : round2(100 - retentionRate),
      complaint_rate: percent(complaints.received, commerce.orders),
      loss_rate: percent(complaints.compensations, commerce.revenue),
      nps: survey.nps, promoters: survey.promoters, passives: survey.passives, detractors: survey.detractors,
      average_basket: ratio(commerce.revenue, commerce.orders_in_currency),
      purchase_frequency: ratio(commerce.orders_in_currency, commerce.buyers),
      revenue: round2(commerce.revenue),
      currency: commerce.currency, orders: commerce.orders, buyers: commerce.buyers, complaints: complaints.received,
      compensation_costs: round2(complaints.compensations), survey_answers: survey.answers,
    };
  }

  private async retention(period: ReportPeriod): Promise<{ active: number; retained: number }> {
    const [row] = await this.dataSource.query(
      `WITH active AS (SELECT DISTINCT contact_id FROM purchases WHERE ordered_at >= $1 AND ordered_at < $2)
       SELECT count(*)::int AS active,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = a.contact_id AND p.ordered_at >= $2 AND p.ordered_at < $3))::int AS retained
       FROM active a`,
      [new Date(period.start.getTime() - 365 * DAY), period.start, period.end],
    );
    return row;
  }

  private async scores(period: ReportPeriod): Promise<number[]> {
    const rows: Array<{ score: number | null }> = await this.dataSource.query(
      `SELECT coalesce((details ->> 'score')::int, CASE WHEN value ~ '^\\d{1,2}$' THEN value::int END) AS score
       FROM responses WHERE kind = 'survey' AND received_at >= $1 AND received_at < $2`,
      [period.start, period.end],
    );
    return rows.map((row) => row.score).filter((score): score is number => score !== null && score >= 0 && score <= 10);
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
