import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import type { CurrencyTotals, MoneyByCurrency } from './currency-split';
import type { ReportPeriod } from './report-period';

export interface CommerceFigures {
  /** Every order and every buyer of the period, whatever the currency. */
  orders: number;
  buyers: number;
  /** Orders and revenue per currency: amounts in different currencies are never added together. */
  by_currency: Record<string, CurrencyTotals>;
}

export interface ComplaintFigures {
  received: number;
  /** Compensations recorded in the period, per currency. */
  compensation_by_currency: MoneyByCurrency;
}

/** The sums both the complaints dashboard and the programme KPIs divide by: orders, revenue, complaints, compensations. */
@Injectable()
export class PeriodFigures {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** The installation's currency (RELANCE_DEFAULT_CURRENCY), in which reports are given unless asked otherwise. */
  get currency(): string {
    return this.config.defaultCurrency;
  }

  async commerce(period: Pick<ReportPeriod, 'start' | 'end'>): Promise<CommerceFigures> {
    // One scan: a row per currency, and the grand total (GROUPING = 1) for distinct buyers across currencies.
    const rows: Array<{ currency: string | null; total: boolean; orders: number; buyers: number; revenue: number }> =
      await this.dataSource.query(
        `SELECT currency, GROUPING(currency) = 1 AS total, count(*)::int AS orders, count(DISTINCT contact_id)::int AS buyers,
              coalesce(sum(amount), 0)::float8 AS revenue
       FROM purchases WHERE ordered_at >= $1 AND ordered_at < $2
       GROUP BY GROUPING SETS ((currency), ())`,
        [period.start, period.end],
      );
    const total = rows.find((row) => row.total);
    const byCurrency: Record<string, CurrencyTotals> = {};
    for (const row of rows)
      if (!row.total && row.currency) byCurrency[row.currency] = { orders: row.orders, revenue: row.revenue };
    return { orders: total?.orders ?? 0, buyers: total?.buyers ?? 0, by_currency: byCurrency };
  }

  async complaints(period: Pick<ReportPeriod, 'start' | 'end'>): Promise<ComplaintFigures> {
    const [received] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM complaints WHERE received_at >= $1 AND received_at < $2`,
      [period.start, period.end],
    );
    const compensations = await queryRows<{ currency: string; total: number }>(
      this.dataSource,
      `SELECT currency, sum(amount)::float8 AS total FROM complaint_compensations WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY currency`,
      [period.start, period.end],
    );
    return {
      received: received.n,
      compensation_by_currency: Object.fromEntries(compensations.map((row) => [row.currency, row.total])),
    };
  }
}
