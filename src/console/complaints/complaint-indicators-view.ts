import type { ComplaintDashboardService } from '../../reports/complaint-dashboard.service';
import { localDate } from '../../contacts/normalisation/calendar';
import { FRENCH_MONTHS } from '../shell/french-format';
import type { ChartSpecification } from '../campaigns/campaign-results-view';
import type { Problem } from './complaint-forms';
import { CAUSE_LABELS, CHANNEL_LABELS, COMPENSATION_LABELS, label, STATUS_LABELS } from './complaint-labels';

export type Dashboard = Awaited<ReturnType<ComplaintDashboardService['dashboard']>>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ratio = (percent: number | null) => (percent === null ? null : percent / 100);

/** The period asked (`?du=…&au=…`), by default the last twelve months to today; French problems otherwise. */
export function indicatorsPeriod(
  query: Record<string, unknown>,
  timeZone: string,
  now: Date = new Date(),
): { from: string; to: string; problems: Problem[] } {
  const today = localDate(now, timeZone);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const start = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  const given = (name: string) => (typeof query[name] === 'string' ? query[name].trim() : '');
  const from = given('du') || start;
  const to = given('au') || today;
  const problems: Problem[] = [];
  const valid = (value: string) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  if (!valid(from)) problems.push({ field: 'Du', reason: 'une date, par exemple 2026-01-01' });
  if (!valid(to)) problems.push({ field: 'Au', reason: 'une date, par exemple 2026-12-31' });
  if (!problems.length && from > to) problems.push({ field: 'Du', reason: 'la date de début est après celle de fin' });
  return { from, to, problems };
}

const monthLabel = (month: string) => `${FRENCH_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
const SHORT_MONTHS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];
/** A column header of the monthly tables: `janv. 2026`. */
const shortMonth = (month: string) => `${SHORT_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const DIMENSIONS = [
  {
    key: 'by_origin',
    id: 'origine',
    title: 'Par origine (canal de réception)',
    column: 'Origine',
    labels: CHANNEL_LABELS,
  },
  { key: 'by_cause', id: 'cause', title: 'Par cause', column: 'Cause', labels: CAUSE_LABELS },
  {
    key: 'by_sector',
    id: 'secteur',
    title: 'Par secteur (secteur B2B ou région du client)',
    column: 'Secteur',
    labels: { unknown: 'Inconnu' },
  },
] as const;

/** Each dimension as a table: one row per value, one column per month, and the period's total. */
function dimensionTables(dashboard: Dashboard) {
  return DIMENSIONS.map((dimension) => {
    const totals = dashboard.cumulative[dimension.key];
    const keys = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
    return {
      id: dimension.id,
      title: dimension.title,
      column: dimension.column,
      rows: keys.map((key) => ({
        label: label(dimension.labels, key),
        months: dashboard.months.map((month) => month[dimension.key][key] ?? 0),
        total: totals[key],
      })),
    };
  });
}

function receivedChart(dashboard: Dashboard): ChartSpecification {
  return {
    type: 'bar',
    labels: dashboard.months.map((month) => monthLabel(month.month)),
    datasets: [
      { label: 'Réclamations reçues', data: dashboard.months.map((month) => month.received) },
      { label: 'Cumul', data: dashboard.months.map((month) => month.cumulative_received) },
    ],
  };
}

/** What the indicators page shows, from the complaints dashboard (`relance complaint dashboard`). */
export function indicatorsView(dashboard: Dashboard) {
  const top = (rows: Array<{ cause: string; count: number }>) =>
    rows.map((row, index) => ({ rank: index + 1, cause: label(CAUSE_LABELS, row.cause), count: row.count }));
  const kinds = dashboard.compensations.by_kind;
  return {
    from: dashboard.from,
    to: dashboard.to,
    monthHeaders: dashboard.months.map((month) => shortMonth(month.month)),
    months: dashboard.months.map((month) => ({
      label: monthLabel(month.month),
      received: month.received,
      cumulative: month.cumulative_received,
    })),
    received: dashboard.cumulative.received,
    chart: receivedChart(dashboard),
    dimensions: dimensionTables(dashboard),
    delay: dashboard.handling_delay_days,
    sla: { ...dashboard.sla, onTime: ratio(dashboard.sla.on_time_rate), breach: ratio(dashboard.sla.breach_rate) },
    compensations: kinds.map((row) => ({ ...row, kind: label(COMPENSATION_LABELS, row.kind) })),
    compensationChart: {
      type: 'bar',
      labels: kinds.map((row) => `${label(COMPENSATION_LABELS, row.kind)} (${row.currency})`),
      datasets: [{ label: 'Montant', data: kinds.map((row) => row.amount) }],
    } satisfies ChartSpecification,
    registeredLetters: dashboard.registered_letters,
    topMonth: top(dashboard.top_causes.last_month),
    topWeek: top(dashboard.top_causes.last_week),
    rates: {
      ...dashboard.rates,
      complaintRate: ratio(dashboard.rates.complaint_rate),
      lossRate: ratio(dashboard.rates.loss_rate),
      currency: dashboard.currency,
    },
  };
}

type Unhappy = Dashboard['unhappy_clients'][number];

/** One unhappy client: who, and why — open complaints, a detractor's score and its comment. */
export function unhappyRow(row: Unhappy) {
  const complaints = (row.complaints as Array<Record<string, unknown>>) ?? [];
  const name = (row.name as string | null) ?? (row.company_name as string | null) ?? String(row.external_id);
  const reasons = [
    ...complaints.map((complaint) => {
      const late =
        new Date(String(complaint.due_at)).getTime() < Date.now() &&
        !['answered', 'closed'].includes(String(complaint.status));
      return `Réclamation ${String(complaint.reference)} (${label(STATUS_LABELS, String(complaint.status))}${late ? ', en retard' : ''}) : ${String(complaint.subject)}`;
    }),
    ...(row.nps_category === 'detractor'
      ? [
          `Détracteur : note ${String(row.nps_score)}/10${typeof row.nps_comment === 'string' && row.nps_comment ? ` — « ${row.nps_comment} »` : ''}`,
        ]
      : []),
  ];
  return {
    externalId: String(row.external_id),
    href: `/contacts/${encodeURIComponent(String(row.external_id))}`,
    name,
    openComplaints: Number(row.open_complaints ?? 0),
    nps: row.nps_score === null || row.nps_score === undefined ? null : Number(row.nps_score),
    reasons,
  };
}

export const UNHAPPY_CSV_COLUMNS = ['external_id', 'name', 'open_complaints', 'nps_score', 'reasons'] as Array<
  'external_id' | 'name' | 'open_complaints' | 'nps_score' | 'reasons'
>;

export function unhappyCsvRows(rows: Unhappy[]) {
  return rows.map((row) => {
    const shown = unhappyRow(row);
    return {
      external_id: shown.externalId,
      name: shown.name,
      open_complaints: shown.openComplaints,
      nps_score: shown.nps ?? '',
      reasons: shown.reasons.join(' | '),
    };
  });
}
