import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { delayStats, percent, round2 } from './kpi-formulas';
import { moneyInCurrency } from './currency-split';
import { PeriodFigures } from './period-figures';
import { parsePeriod, type ReportPeriod } from './report-period';
import { monthsBetween, tabulate, topCauses, type ReceivedRow } from '../complaints/complaint-dashboard';

const DAY = 86_400_000;

/**
 * The complaints dashboard (phase 5, docs/complaints.md): per month and cumulated by origin, cause
 * and sector; handling delay; SLA breaches; registered letters; compensations; complaint and
 * loss rates (docs/kpis.md); the ten most frequent causes of the last week and month; the
 * unhappy clients and why.
 */
@Injectable()
export class ComplaintDashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly figures: PeriodFigures,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async dashboard(input: { from?: string; to?: string } = {}, now: Date = new Date()) {
    const zone = this.config.defaultTimezone;
    const period = parsePeriod(input, zone, now);
    const asOf = new Date(Math.min(period.end.getTime(), now.getTime()));
    const received: ReceivedRow[] = await this.dataSource.query(
      `SELECT to_char(received_at AT TIME ZONE $3, 'YYYY-MM') AS month, coalesce(origin, channel) AS origin, coalesce(cause, 'unqualified') AS cause,
              coalesce(sector, region, 'unknown') AS sector, count(*)::int AS count
       FROM complaints WHERE received_at >= $1 AND received_at < $2 GROUP BY 1, 2, 3, 4`,
      [period.start, period.end, zone],
    );
    const table = tabulate(received, monthsBetween(period.from, period.to));
    const [commerce, complaintFigures] = await Promise.all([
      this.figures.commerce(period),
      this.figures.complaints(period),
    ]);
    const money = moneyInCurrency(
      this.figures.currency,
      commerce.by_currency,
      complaintFigures.compensation_by_currency,
      'rates.revenue, rates.compensation_costs and rates.loss_rate',
    );
    return {
      from: period.from,
      to: period.to,
      currency: money.currency,
      months: table.months,
      cumulative: table.cumulative,
      handling_delay_days: await this.handlingDelay(period),
      sla: await this.sla(period, asOf),
      registered_letters: await this.count(`registered_letter AND received_at >= $1 AND received_at < $2`, [
        period.start,
        period.end,
      ]),
      compensations: await this.compensations(period),
      rates: {
        complaints: complaintFigures.received,
        orders: commerce.orders,
        complaint_rate: percent(complaintFigures.received, commerce.orders),
        compensation_costs: round2(money.compensations),
        revenue: round2(money.revenue),
        loss_rate: percent(money.compensations, money.revenue),
      },
      // The orders and money in other currencies, which the rates' money does not include (nothing is converted).
      left_out: money.left_out,
      top_causes: { last_week: await this.topCauses(asOf, 7), last_month: await this.topCauses(asOf, 30) },
      unhappy_clients: await this.unhappyClients(),
    };
  }

  /** Receipt to answer, in days, for the complaints answered in the period. */
  private async handlingDelay(period: ReportPeriod) {
    const rows = await queryRows<{ days: number }>(
      this.dataSource,
      `SELECT extract(epoch FROM answered_at - received_at)::float8 / 86400 AS days FROM complaints WHERE answered_at >= $1 AND answered_at < $2`,
      [period.start, period.end],
    );
    return delayStats(rows.map((row) => row.days));
  }

  /** Complaints received in the period answered after their due date, or still unanswered past it. */
  private async sla(period: ReportPeriod, asOf: Date) {
    const [row] = await queryRows<{
      received: number;
      breached: number;
      overdue_open: number;
      escalated: number;
      answered: number;
      answered_on_time: number;
    }>(
      this.dataSource,
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE answered_at > due_at OR (answered_at IS NULL AND due_at < $3))::int AS breached,
              count(*) FILTER (WHERE answered_at IS NULL AND due_at < $3)::int AS overdue_open,
              count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
              count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE answered_at <= due_at)::int AS answered_on_time
       FROM complaints WHERE received_at >= $1 AND received_at < $2`,
      [period.start, period.end, asOf],
    );
    const { answered, answered_on_time, ...rest } = row;
    // Extra: the share of the period's answered complaints answered by their due date.
    return {
      ...rest,
      breach_rate: percent(row.breached, row.received),
      answered,
      answered_on_time,
      on_time_rate: percent(answered_on_time, answered),
    };
  }

  private async count(where: string, parameters: unknown[]): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM complaints WHERE ${where}`,
      parameters,
    );
    return row.n;
  }

  private async compensations(period: ReportPeriod) {
    const rows: Array<{ kind: string; currency: string; count: number; amount: number }> = await this.dataSource.query(
      `SELECT kind, currency, count(*)::int AS count, sum(amount)::float8 AS amount FROM complaint_compensations
       WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY 1, 2 ORDER BY 2, 1`,
      [period.start, period.end],
    );
    const totals: Record<string, number> = {};
    for (const row of rows) totals[row.currency] = round2((totals[row.currency] ?? 0) + row.amount);
    return { by_kind: rows.map((row) => ({ ...row, amount: round2(row.amount) })), total_by_currency: totals };
  }

  private async topCauses(asOf: Date, days: number) {
    const rows: Array<{ cause: string; count: number }> = await this.dataSource.query(
      `SELECT cause, count(*)::int AS count FROM complaints WHERE cause IS NOT NULL AND received_at >= $1 AND received_at < $2 GROUP BY 1`,
      [new Date(asOf.getTime() - days * DAY), asOf],
    );
    return topCauses(rows);
  }

  /** The unhappy-clients file: open complaints or a detractor's score, with the reasons. */
  async unhappyClients(limit = 500): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT c.external_id, nullif(concat_ws(' ', c.first_name, c.last_name), '') AS name, c.company_name, f.open_complaints, f.nps_score, f.nps_category,
              coalesce((SELECT jsonb_agg(jsonb_build_object('reference', x.reference, 'subject', x.subject, 'cause', x.cause, 'status', x.status, 'due_at', x.due_at) ORDER BY x.received_at)
                        FROM complaints x WHERE x.contact_id = c.id AND x.status <> 'closed'), '[]'::jsonb) AS complaints,
              CASE WHEN f.nps_category = 'detractor' THEN
                (SELECT r.details ->> 'comment' FROM responses r WHERE r.contact_id = c.id AND r.kind = 'survey' ORDER BY r.received_at DESC LIMIT 1) END AS nps_comment
       FROM contact_feedback f JOIN contacts c ON c.id = f.contact_id
       WHERE c.erased_at IS NULL AND (f.open_complaints > 0 OR f.nps_category = 'detractor')
       ORDER BY f.open_complaints DESC, f.nps_score NULLS LAST, c.external_id LIMIT $1`,
      [limit],
    );
  }
}
