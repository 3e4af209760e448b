/**
 * The follow-up tables of the domain notes (phase 5), as pure functions over rows the service
 * reads: complaints per month and cumulated over the period, by origin, cause and sector.
 */
export interface ReceivedRow {
  month: string;
  origin: string;
  cause: string;
  sector: string;
  count: number;
}

export type Breakdown = Record<string, number>;

export interface MonthFigures {
  month: string;
  received: number;
  cumulative_received: number;
  by_origin: Breakdown;
  by_cause: Breakdown;
  by_sector: Breakdown;
}

function add(target: Breakdown, key: string, count: number): void {
  target[key] = (target[key] ?? 0) + count;
}

/** Months in order (every month of the period, empty ones too), each with its running total, and the period's totals. */
export function tabulate(
  rows: ReceivedRow[],
  months: string[],
): { months: MonthFigures[]; cumulative: Omit<MonthFigures, 'month' | 'cumulative_received'> } {
  const byMonth = new Map(
    months.map((month) => [
      month,
      { month, received: 0, cumulative_received: 0, by_origin: {}, by_cause: {}, by_sector: {} },
    ]),
  );
  const cumulative = { received: 0, by_origin: {} as Breakdown, by_cause: {} as Breakdown, by_sector: {} as Breakdown };
  for (const row of rows) {
    const month = byMonth.get(row.month);
    for (const target of month ? [month, cumulative] : [cumulative]) {
      target.received += row.count;
      add(target.by_origin, row.origin, row.count);
      add(target.by_cause, row.cause, row.count);
      add(target.by_sector, row.sector, row.count);
    }
  }
  let running = 0;
  const ordered = [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
  for (const month of ordered) month.cumulative_received = running += month.received;
  return { months: ordered, cumulative };
}

/** Every `YYYY-MM` from one date's month to another's. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
}

/** Top causes by count, ties by name. */
export function topCauses(
  rows: Array<{ cause: string; count: number }>,
  limit = 10,
): Array<{ cause: string; count: number }> {
  return [...rows].sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause)).slice(0, limit);
}

/** The dashboard as long-format CSV rows: section, period, dimension, key, value. */
export function dashboardRows(dashboard: {
  months: MonthFigures[];
  cumulative: Omit<MonthFigures, 'month' | 'cumulative_received'>;
  [section: string]: unknown;
}): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  const push = (section: string, period: string, dimension: string, key: string, value: unknown) =>
    rows.push({ section, period, dimension, key, value });
  for (const month of dashboard.months) {
    push('received', month.month, 'total', '', month.received);
    push('received', month.month, 'cumulative', '', month.cumulative_received);
    for (const dimension of ['origin', 'cause', 'sector'] as const) {
      for (const [key, value] of Object.entries(month[`by_${dimension}`]))
        push('received', month.month, dimension, key, value);
    }
  }
  for (const dimension of ['origin', 'cause', 'sector'] as const) {
    for (const [key, value] of Object.entries(dashboard.cumulative[`by_${dimension}`]))
      push('received', 'period', dimension, key, value);
  }
  const walk = (section: string, value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(section, inner, path ? `${path}.${key}` : key);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => push(section, 'period', path, String(index + 1), JSON.stringify(item)));
    } else push(section, 'period', path, '', value);
  };
  for (const [section, value] of Object.entries(dashboard)) {
    if (['months', 'cumulative', 'from', 'to', 'currency'].includes(section)) continue;
    walk(section, value, '');
  }
  return rows;
}

export const DASHBOARD_CSV_COLUMNS = ['section', 'period', 'dimension', 'key', 'value'];

export type ComplaintDashboard = Parameters<typeof dashboardRows>[0];

/** The dashboard is a report: the reports layer computes it and provides it under COMPLAINT_DASHBOARD; complaints serve it. */
export interface ComplaintDashboardSource {
  dashboard(input?: { from?: string; to?: string }): Promise<ComplaintDashboard>;
}

export const COMPLAINT_DASHBOARD = Symbol('COMPLAINT_DASHBOARD');
