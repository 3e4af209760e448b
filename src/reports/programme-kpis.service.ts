import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { monthsEnding } from './calendar-periods';
import { reportCurrency } from './currency-split';
import { PeriodFigures } from './period-figures';
import { ProgrammeKpiCache } from './programme-kpi-cache';
import { ProgrammeKpiSeries } from './programme-kpi-series';
import {
  ACTIVE_DAYS,
  programmeKpisOf,
  SURVEY_SCORE_SQL,
  validScore,
  type ProgrammeKpiInputs,
  type ProgrammeKpis,
} from './programme-kpi-document';
import { parsePeriod, previousPeriod, yearEarlier, type ReportPeriod } from './report-period';

export { ACTIVE_DAYS, programmeKpisOf, SURVEY_SCORE_SQL, validScore };
export type { ProgrammeKpiInputs, ProgrammeKpis };

const DAY = 86_400_000;

export interface ProgrammeKpiReport extends ProgrammeKpis {
  verbatims: Array<{ score: number; category: string; comment: string; received_at: Date }>;
  previous_period: ProgrammeKpis;
  year_on_year: ProgrammeKpis;
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
    private readonly series: ProgrammeKpiSeries,
    private readonly cache: ProgrammeKpiCache,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async report(
    input: { from?: string; to?: string; currency?: string } = {},
    now: Date = new Date(),
  ): Promise<ProgrammeKpiReport> {
    return (await this.reportWithMonths(input, 0, now)).report;
  }

  /**
   * The report of the period (`relance kpi`) and, with it, the KPIs of the `months` calendar
   * months ending with the period's last month (the dashboard's trends) — all its periods read
   * together by `ProgrammeKpiSeries` in one pass over the purchases instead of one per period,
   * and kept until the data they are computed from changes (`ProgrammeKpiCache`).
   * Each period's figures are exactly `kpis(period)`'s (test/integration/kpi-series.spec.ts).
   */
  async reportWithMonths(
    input: { from?: string; to?: string; currency?: string },
    months: number,
    now: Date = new Date(),
  ): Promise<{ report: ProgrammeKpiReport; months: ProgrammeKpis[] }> {
    const zone = this.config.defaultTimezone;
    const period = parsePeriod(input, zone, now);
    const currency = reportCurrency(input.currency, this.figures.currency);
    const periods = [period, previousPeriod(period, zone), yearEarlier(period, zone)];
    if (months > 0) periods.push(...monthsEnding(period.to, months, zone));
    const [[current, previous, yearBefore, ...monthly], verbatims] = await Promise.all([
      this.cache.read(periods, currency, () => this.series.series(periods, currency)),
      this.verbatims(period),
    ]);
    return { report: { ...current, verbatims, previous_period: previous, year_on_year: yearBefore }, months: monthly };
  }

  /** The KPIs of one period alone, each sum from its own query: what the series is checked against. */
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
