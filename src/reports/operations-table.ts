import type { CampaignReport } from './campaign-report.service';
import { costPerResponse, incrementalReturnOnInvestment, returnOnInvestment } from './campaign-kpis';
import { round2 } from './kpi-formulas';

/**
 * The follow-up table of the loyalty operations (docs/kpis.md, "Profitability of the
 * operations"): one row per campaign or automation, the money of its report, and totals per
 * currency. Pure: the service picks the operations and gets their reports.
 */
export type OperationKind = 'campaign' | 'automation';

export interface OperationRow {
  kind: OperationKind;
  /** The campaign's id, or the automation's. */
  id: string;
  name: string;
  status: string;
  currency: string;
  /** When the campaign was launched; null for an automation. */
  launched_at: string | null;
  /** An automation's occurrences due in the period, queued or held out; null for a campaign. */
  occurrences: number | null;
  sent: number;
  responders: number;
  cost: number;
  revenue: number;
  gross_margin: number;
  profit: number;
  roi: number | null;
  cost_per_response: number | null;
  /** Whether a control group was held out: without one, nothing incremental can be measured. */
  control_group: boolean;
  incremental_revenue: number;
  incremental_profit: number | null;
  incremental_roi: number | null;
  lift: number | null;
  /** Whether the lift's 95 % interval excludes no effect. */
  lift_significant: boolean;
  /** Purchases in other currencies, not converted: what the money figures leave out (null when nothing). */
  left_out_note: string | null;
}

export interface OperationsTotals {
  operations: number;
  sent: number;
  responders: number;
  cost: number;
  revenue: number;
  gross_margin: number;
  profit: number;
  /** Total profit ÷ total cost (not a mean of the rows' ROIs). */
  roi: number | null;
  cost_per_response: number | null;
  /** The operations with a control group, which the incremental totals add up. */
  with_control_group: number;
  /** Their cost: what the total incremental ROI divides by. */
  cost_with_control_group: number;
  incremental_revenue: number | null;
  incremental_profit: number | null;
  incremental_roi: number | null;
}

/** One currency's operations: money in different currencies is never added up. */
export interface OperationsTable {
  currency: string;
  operations: OperationRow[];
  totals: OperationsTotals;
}

/** A row from the operation's report: the same figures, not recomputed. */
export function operationRow(
  kind: OperationKind,
  id: string,
  report: CampaignReport,
  extra: { launched_at?: Date | string | null; occurrences?: number | null } = {},
): OperationRow {
  const launched = extra.launched_at ? new Date(extra.launched_at).toISOString() : null;
  return {
    kind,
    id,
    name: report.name,
    status: report.status,
    currency: report.currency,
    launched_at: launched,
    occurrences: extra.occurrences ?? null,
    sent: report.messages.sent,
    responders: report.responses.responders,
    cost: report.cost,
    revenue: report.revenue,
    gross_margin: report.gross_margin,
    profit: report.profit,
    roi: report.roi,
    cost_per_response: report.cost_per_response,
    control_group: report.conversions.holdout.contacts > 0,
    incremental_revenue: report.incremental_revenue,
    incremental_profit: report.incremental_profit,
    incremental_roi: report.incremental_roi,
    lift: report.lift,
    lift_significant: report.lift_confidence.significant,
    left_out_note: report.left_out.note,
  };
}

const sum = (rows: OperationRow[], pick: (row: OperationRow) => number): number =>
  round2(rows.reduce((total, row) => total + pick(row), 0));

/** Sums of the money, and the ratios of the sums with the reports' own formulas. */
export function operationsTotals(rows: OperationRow[]): OperationsTotals {
  const cost = sum(rows, (row) => row.cost);
  const profit = sum(rows, (row) => row.profit);
  const responders = rows.reduce((total, row) => total + row.responders, 0);
  const controlled = rows.filter((row) => row.incremental_profit !== null);
  const controlledCost = sum(controlled, (row) => row.cost);
  const incrementalProfit = controlled.length ? sum(controlled, (row) => row.incremental_profit ?? 0) : null;
  return {
    operations: rows.length,
    sent: rows.reduce((total, row) => total + row.sent, 0),
    responders,
    cost,
    revenue: sum(rows, (row) => row.revenue),
    gross_margin: sum(rows, (row) => row.gross_margin),
    profit,
    roi: returnOnInvestment(profit, cost),
    cost_per_response: costPerResponse(cost, responders),
    with_control_group: controlled.length,
    cost_with_control_group: controlledCost,
    incremental_revenue: controlled.length ? sum(controlled, (row) => row.incremental_revenue) : null,
    incremental_profit: incrementalProfit,
    incremental_roi: incrementalReturnOnInvestment(incrementalProfit, controlledCost),
  };
}

/** One table per currency, in alphabetical order; the rows keep their order. */
export function operationsTables(rows: OperationRow[]): OperationsTable[] {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const operations = rows.filter((row) => row.currency === currency);
    return { currency, operations, totals: operationsTotals(operations) };
  });
}

/** The CSV's columns: a row per operation, then a `total` row per currency. */
export const OPERATIONS_COLUMNS = [
  'currency',
  'kind',
  'id',
  'name',
  'status',
  'launched_at',
  'occurrences',
  'sent',
  'responders',
  'cost',
  'revenue',
  'gross_margin',
  'profit',
  'roi',
  'cost_per_response',
  'control_group',
  'incremental_revenue',
  'incremental_profit',
  'incremental_roi',
  'lift',
  'lift_significant',
] as const;

/** The tables as CSV rows (the CSV writer neutralises a name that starts like a formula). */
export function operationsCsvRows(tables: OperationsTable[]): Array<Record<string, unknown>> {
  return tables.flatMap((table) => [
    ...table.operations.map((row) => ({ ...row })),
    {
      currency: table.currency,
      kind: 'total',
      id: null,
      name: `Total ${table.currency}`,
      status: null,
      launched_at: null,
      occurrences: null,
      ...table.totals,
      control_group: null,
      lift: null,
      lift_significant: null,
    },
  ]);
}
