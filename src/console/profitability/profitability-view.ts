import { isIsoDate } from '../../contacts/normalisation/calendar';
import { DomainError } from '../../core/errors/domain-error';
import { CAMPAIGN_STATUS_LABELS } from '../../reports/french-labels';
import type { OperationsReport } from '../../reports/operations-profitability.service';
import type { OperationRow, OperationsTable, OperationsTotals } from '../../reports/operations-table';
import { formatDate, formatNumber, formatPercent, MISSING } from '../shell/french-format';

/**
 * Rentabilité des opérations as the console shows it: the operations report's tables, sorted by
 * the column asked for, each figure in French. Pure: the controller gets the report from
 * OperationsProfitabilityService (the same as `relance report operations`), nothing is computed here.
 */
export const SORT_COLUMNS = {
  nom: 'name',
  cout: 'cost',
  ca: 'revenue',
  marge: 'gross_margin',
  profit: 'profit',
  roi: 'roi',
  'profit-incremental': 'incremental_profit',
  'roi-incremental': 'incremental_roi',
  'cout-par-reponse': 'cost_per_response',
  'ca-incremental': 'incremental_revenue',
  lift: 'lift',
} as const satisfies Record<string, keyof OperationRow>;

export type SortKey = keyof typeof SORT_COLUMNS;
export type SortOrder = 'asc' | 'desc';

export interface ProfitabilityQuery {
  from?: string;
  to?: string;
  sort: SortKey | null;
  order: SortOrder;
}

/** A calendar date as YYYY-MM-DD (not a type guard: a string that is not one stays a string). */
const isDate = (value: string): boolean => isIsoDate(value);

function refused(field: string, message: string): DomainError {
  return DomainError.invalid('console.bad_parameter', message, { fields: [{ field, reason: message }] });
}

/** `?debut=&fin=&tri=&ordre=`: an empty field (a date input left blank) is no field; anything else wrong is refused naming it. */
export function profitabilityQuery(query: Record<string, unknown>): ProfitabilityQuery {
  const text = (field: string): string | undefined => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw refused(field, `Le paramètre « ${field} » est donné plusieurs fois.`);
    return value;
  };
  const dates = { debut: text('debut'), fin: text('fin') };
  for (const [field, value] of Object.entries(dates))
    if (value !== undefined && !isDate(value))
      throw refused(field, `Le paramètre « ${field} » doit être une date (AAAA-MM-JJ), pas « ${value} ».`);
  if (dates.debut && dates.fin && dates.debut > dates.fin)
    throw refused('debut', `Le paramètre « debut » (${dates.debut}) est après « fin » (${dates.fin}).`);
  const sort = text('tri');
  if (sort !== undefined && !Object.hasOwn(SORT_COLUMNS, sort))
    throw refused('tri', `Le paramètre « tri » ne connaît pas « ${sort} » : ${Object.keys(SORT_COLUMNS).join(', ')}.`);
  const order = text('ordre');
  if (order !== undefined && order !== 'asc' && order !== 'desc')
    throw refused('ordre', `Le paramètre « ordre » vaut asc ou desc, pas « ${order} ».`);
  return {
    from: dates.debut,
    to: dates.fin,
    sort: (sort as SortKey | undefined) ?? null,
    order: order ?? (sort === 'nom' ? 'asc' : 'desc'),
  };
}

/** The rows in the order asked for; an empty figure (no ROI without cost…) last either way, ties in the report's order. */
export function sortOperations(rows: OperationRow[], sort: SortKey | null, order: SortOrder): OperationRow[] {
  if (!sort) return rows;
  const column = SORT_COLUMNS[sort];
  const sign = order === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const compared =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'fr', { sensitivity: 'base' });
      return compared === 0 ? a.index - b.index : sign * compared;
    })
    .map(({ row }) => row);
}

/** The report's tables with their rows sorted: what the page and its CSV show. */
export function sortedTables(report: OperationsReport, query: ProfitabilityQuery): OperationsTable[] {
  return report.tables.map((table) => ({
    ...table,
    operations: sortOperations(table.operations, query.sort, query.order),
  }));
}

/** The columns after the operation's name, in order: their heading and how a row's figure reads. */
const FIGURES: Array<{ key: Exclude<SortKey, 'nom'>; label: string; show: (row: OperationRow) => string }> = [
  { key: 'cout', label: 'Coût', show: (row) => amount(row.cost) },
  { key: 'ca', label: "Chiffre d'affaires", show: (row) => amount(row.revenue) },
  { key: 'marge', label: 'Marge brute', show: (row) => amount(row.gross_margin) },
  { key: 'profit', label: 'Profit', show: (row) => amount(row.profit) },
  { key: 'roi', label: 'ROI', show: (row) => formatNumber(row.roi, 2) },
  { key: 'profit-incremental', label: 'Profit incrémental', show: (row) => amount(row.incremental_profit) },
  { key: 'roi-incremental', label: 'ROI incrémental', show: (row) => formatNumber(row.incremental_roi, 2) },
  { key: 'cout-par-reponse', label: 'Coût par réponse', show: (row) => amount(row.cost_per_response) },
  {
    key: 'ca-incremental',
    label: 'CA incrémental',
    show: (row) => (row.control_group ? amount(row.incremental_revenue) : MISSING),
  },
  { key: 'lift', label: 'Lift', show: (row) => formatPercent(row.lift) },
];

/** Amounts without their currency: a table is in one currency, named in its caption. */
const amount = (value: number | null): string => formatNumber(value, 2);

export interface ColumnView {
  key: SortKey;
  label: string;
  href: string;
  /** aria-sort of the column the table is sorted by; null for the others. */
  sorted: 'ascending' | 'descending' | null;
}

/** A link to the page (or its CSV) for the same period, sorted as given. */
export function pageHref(
  path: '/rentabilite' | '/rentabilite.csv',
  period: { from: string; to: string },
  sort: SortKey | null,
  order: SortOrder,
): string {
  const search = new URLSearchParams({ debut: period.from, fin: period.to });
  if (sort) {
    search.set('tri', sort);
    search.set('ordre', order);
  }
  return `${path}?${search.toString()}`;
}

function columns(period: { from: string; to: string }, query: ProfitabilityQuery): ColumnView[] {
  return [{ key: 'nom' as const, label: 'Opération' }, ...FIGURES].map(({ key, label }) => {
    const current = query.sort === key;
    // A column sorts largest first (names A to Z) the first time, the other way round once it is the current one.
    const first: SortOrder = key === 'nom' ? 'asc' : 'desc';
    const next: SortOrder = current ? (query.order === 'asc' ? 'desc' : 'asc') : first;
    return {
      key,
      label,
      href: pageHref('/rentabilite', period, key, next),
      sorted: current ? (query.order === 'asc' ? 'ascending' : 'descending') : null,
    };
  });
}

function rowView(row: OperationRow, timeZone: string) {
  return {
    kind: row.kind,
    href: row.kind === 'campaign' ? `/campagnes/${row.id}` : `/automatisations/${row.id}`,
    name: row.name,
    // An automation's status is its evergreen campaign's (running), or paused: the campaigns' words.
    status: Object.hasOwn(CAMPAIGN_STATUS_LABELS, row.status)
      ? CAMPAIGN_STATUS_LABELS[row.status as keyof typeof CAMPAIGN_STATUS_LABELS]
      : row.status,
    launched: row.launched_at ? formatDate(row.launched_at, timeZone) : null,
    occurrences: row.occurrences === null ? null : formatNumber(row.occurrences),
    leftOut: row.left_out_note !== null,
    // A lift whose 95 % interval includes no effect says so.
    cells: FIGURES.map((figure) => ({
      text: figure.show(row),
      uncertain: figure.key === 'lift' && row.lift !== null && !row.lift_significant,
    })),
  };
}

function totalsView(totals: OperationsTotals) {
  const incremental = totals.with_control_group > 0;
  return {
    operations: totals.operations,
    withControlGroup: totals.with_control_group,
    costWithControlGroup: amount(totals.cost_with_control_group),
    cells: [
      amount(totals.cost),
      amount(totals.revenue),
      amount(totals.gross_margin),
      amount(totals.profit),
      formatNumber(totals.roi, 2),
      amount(totals.incremental_profit),
      formatNumber(totals.incremental_roi, 2),
      amount(totals.cost_per_response),
      incremental ? amount(totals.incremental_revenue) : MISSING,
      MISSING,
    ].map((text) => ({ text, uncertain: false })),
  };
}

/** Periods a manager asks for most, as links keeping the sort; `today` is the company's calendar date. */
export function periodPresets(today: string, period: { from: string; to: string }, query: ProfitabilityQuery) {
  const year = Number(today.slice(0, 4));
  const presets = [
    { label: 'Cette année', from: `${year}-01-01`, to: today },
    { label: `L'an dernier (${year - 1})`, from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
  ];
  return presets.map((preset) => ({
    label: preset.label,
    href: pageHref('/rentabilite', preset, query.sort, query.order),
    current: preset.from === period.from && preset.to === period.to,
  }));
}

/** Everything the template shows, figures already in French. */
export function profitabilityPage(
  report: OperationsReport,
  query: ProfitabilityQuery,
  context: { timeZone: string; today: string },
) {
  const { timeZone } = context;
  const period = { from: report.from, to: report.to };
  const dayOf = (date: string) => formatDate(`${date}T12:00:00Z`, 'UTC');
  return {
    period,
    fromLabel: dayOf(report.from),
    toLabel: dayOf(report.to),
    sort: query.sort ? { key: query.sort, order: query.order } : null,
    csvHref: pageHref('/rentabilite.csv', period, query.sort, query.order),
    presets: periodPresets(context.today, period, query),
    columns: columns(period, query),
    tables: sortedTables(report, query).map((table) => ({
      currency: table.currency,
      rows: table.operations.map((row) => rowView(row, timeZone)),
      totals: totalsView(table.totals),
    })),
  };
}
