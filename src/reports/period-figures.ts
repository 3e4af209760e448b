import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import type { ReportPeriod } from './report-period';

export interface CommerceFigures {
  orders: number;
  buyers: number;
  /** In `currency` (RELANCE_DEFAULT_CURRENCY): amounts in other currencies are not added to it. */
  revenue: number;
  orders_in_currency: number;
  currency: string;
}

export interface ComplaintFigures {
  received: number;
  /** Compensations recorded in the period, in `currency`. */
  compensations: number;
}

/** The sums both the complaints dashboard and the programme KPIs divide by: orders, revenue, complaints, compensations. */
@Injectable()
export class PeriodFigures {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  get currency(): string {
    return this.config.defaultCurrency;
  }

  async commerce(period: Pick<ReportPeriod, 'start' | 'end'>): Promise<CommerceFigures> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS orders, count(DISTINCT contact_id) FILTER (WHERE currency = $3)::int AS buyers,
              coalesce(sum(amount) FILTER (WHERE currency = $3), 0)::float8 AS revenue, count(*) FILTER (WHERE currency = $3)::int AS orders_in_currency
       FROM purchases WHERE ordered_at >= $1 AND ordered_at < $2`,
      [period.start, period.end, this.currency],
    );
    return { ...row, currency: this.currency };
  }

  async complaints(period: Pick<ReportPeriod, 'start' | 'end'>): Promise<ComplaintFigures> {
    const [received] = await this.dataSource.query(`SELECT count(*)::int AS n FROM complaints WHERE received_at >= $1 AND received_at < $2`, [period.start, period.end]);
    const [compensations] = await this.dataSource.query(
      `SELECT coalesce(sum(amount), 0)::float8 AS total FROM complaint_compensations WHERE recorded_at >= $1 AND recorded_at < $2 AND currency = $3`,
      [period.start, period.end, this.currency],
    );
    return { received: received.n, compensations: compensations.total };
  }
}
