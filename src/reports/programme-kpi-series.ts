import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { monthsEnding } from './calendar-periods';
import { reportCurrency } from './currency-split';
import type { CommerceFigures, ComplaintFigures } from './period-figures';
import {
  ACTIVE_DAYS,
  programmeKpisOf,
  SURVEY_SCORE_SQL,
  validScore,
  type ProgrammeKpiInputs,
  type ProgrammeKpis,
} from './programme-kpi-document';
import { parsePeriod, type ReportPeriod } from './report-period';
import { retentionBuckets } from './retention-buckets';

const DAY = 86_400_000;
/** Periods in one series: the retention masks are 63-bit integers. */
export const MAX_SERIES_PERIODS = 60;

/**
 * The programme KPIs of several periods at once (a trend: the last twelve months), each equal to
 * what `ProgrammeKpisService.kpis` gives for that period alone, from five grouped queries instead
 * of five per period. The same function applies the formulas (`programmeKpisOf`).
 */
@Injectable()
export class ProgrammeKpiSeries {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** The `months` calendar months ending with the month of `to` (default today), the last up to `to`. */
  async monthly(
    input: { to?: string; months?: number; currency?: string } = {},
    now: Date = new Date(),
  ): Promise<ProgrammeKpis[]> {
    const zone = this.config.defaultTimezone;
    const to = parsePeriod({ to: input.to }, zone, now).to;
    return this.series(monthsEnding(to, input.months ?? 12, zone), reportCurrency(input.currency, this.currency));
  }

  get currency(): string {
    return this.config.defaultCurrency;
  }

  async series(periods: ReportPeriod[], currency: string = this.currency): Promise<ProgrammeKpis[]> {
    if (periods.length === 0) return [];
    if (periods.length > MAX_SERIES_PERIODS)
      throw new Error(`relance: at most ${MAX_SERIES_PERIODS} periods in a series (got ${periods.length})`);
    const bounds = [periods.map((p) => p.start), periods.map((p) => p.end)];
    const [commerce, complaints, retention, scores] = await Promise.all([
      this.commerce(bounds),
      this.complaints(bounds),
      this.retention(periods),
      this.scores(bounds),
    ]);
    return periods.map((period, index) =>
      programmeKpisOf(period, currency, {
        commerce: commerce[index],
        complaints: complaints[index],
        retention: retention[index],
        scores: scores[index],
      }),
    );
  }

  private periodsSql(): string {
    return `SELECT (ord - 1)::int AS i, s, e FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS t(s, e, ord)`;
  }

  private async commerce(bounds: Date[][]): Promise<CommerceFigures[]> {
    const rows = await queryRows<{
      i: number;
      currency: string | null;
      total: boolean;
      orders: number;
      buyers: number;
      revenue: number;
    }>(
      this.dataSource,
      `WITH q AS (${this.periodsSql()})
       SELECT q.i, p.currency, GROUPING(p.currency) = 1 AS total, count(*)::int AS orders,
              count(DISTINCT p.contact_id)::int AS buyers, coalesce(sum(p.amount), 0)::float8 AS revenue
       FROM q JOIN purchases p ON p.ordered_at >= q.s AND p.ordered_at < q.e
       GROUP BY GROUPING SETS ((q.i, p.currency), (q.i))`,
      bounds,
    );
    const figures: CommerceFigures[] = bounds[0].map(() => ({ orders: 0, buyers: 0, by_currency: {} }));
    for (const row of rows) {
      const period = figures[row.i];
      if (row.total) Object.assign(period, { orders: row.orders, buyers: row.buyers });
      else if (row.currency) period.by_currency[row.currency] = { orders: row.orders, revenue: row.revenue };
    }
    return figures;
  }

  private async complaints(bounds: Date[][]): Promise<ComplaintFigures[]> {
    const [received, compensations] = await Promise.all([
      queryRows<{ i: number; n: number }>(
        this.dataSource,
        `WITH q AS (${this.periodsSql()})
         SELECT q.i, count(*)::int AS n FROM q JOIN complaints c ON c.received_at >= q.s AND c.received_at < q.e GROUP BY q.i`,
        bounds,
      ),
      queryRows<{ i: number; currency: string; total: number }>(
        this.dataSource,
        `WITH q AS (${this.periodsSql()})
         SELECT q.i, k.currency, sum(k.amount)::float8 AS total
         FROM q JOIN complaint_compensations k ON k.recorded_at >= q.s AND k.recorded_at < q.e GROUP BY q.i, k.currency`,
        bounds,
      ),
    ]);
    const figures: ComplaintFigures[] = bounds[0].map(() => ({ received: 0, compensation_by_currency: {} }));
    for (const row of received) figures[row.i].received = row.n;
    for (const row of compensations) figures[row.i].compensation_by_currency[row.currency] = row.total;
    return figures;
  }

  /**
   * Active-at-start and retained clients of every period in one scan of the purchases: each falls
   * in a stretch of time between two period bounds, and each stretch says, as bits, for which
   * periods it makes its client active (in the 365 days before the start) or a buyer (within the
   * period); the bits are OR-ed per client, and a client is retained in a period when both are set.
   */
  private async retention(periods: ReportPeriod[]): Promise<ProgrammeKpiInputs['retention'][]> {
    const buckets = retentionBuckets(
      periods.map((p) => ({ activeFrom: new Date(p.start.getTime() - ACTIVE_DAYS * DAY), start: p.start, end: p.end })),
    );
    const rows = await queryRows<{ i: number; active: number; retained: number }>(
      this.dataSource,
      `WITH clients AS (
         SELECT bit_or(($4::bigint[])[b]) AS active, bit_or(($5::bigint[])[b]) AS bought
         FROM (SELECT contact_id, width_bucket(ordered_at, $1::timestamptz[]) AS b
               FROM purchases WHERE ordered_at >= $2 AND ordered_at < $3) p
         GROUP BY contact_id
       )
       SELECT i, count(*) FILTER (WHERE c.active & (1::bigint << i) <> 0)::int AS active,
              count(*) FILTER (WHERE c.active & c.bought & (1::bigint << i) <> 0)::int AS retained
       FROM generate_series(0, $6::int - 1) AS i CROSS JOIN clients c GROUP BY i`,
      [
        buckets.thresholds,
        buckets.thresholds[0],
        buckets.thresholds[buckets.thresholds.length - 1],
        buckets.active.map(String),
        buckets.bought.map(String),
        periods.length,
      ],
    );
    const figures = periods.map(() => ({ active: 0, retained: 0 }));
    for (const row of rows) figures[row.i] = { active: row.active, retained: row.retained };
    return figures;
  }

  private async scores(bounds: Date[][]): Promise<number[][]> {
    const rows = await queryRows<{ i: number; score: number | null; n: number }>(
      this.dataSource,
      `WITH q AS (${this.periodsSql()})
       SELECT q.i, ${SURVEY_SCORE_SQL} AS score, count(*)::int AS n
       FROM q JOIN responses r ON r.kind = 'survey' AND r.received_at >= q.s AND r.received_at < q.e GROUP BY 1, 2`,
      bounds,
    );
    const scores: number[][] = bounds[0].map(() => []);
    for (const row of rows) if (validScore(row.score)) scores[row.i].push(...Array<number>(row.n).fill(row.score));
    return scores;
  }
}
