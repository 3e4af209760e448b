import type { ProgrammeKpis } from '../../reports/programme-kpis.service';
import { formatNumber } from '../shell/french-format';
import { formatFigure } from './dashboard-kpis';
import { periodHref } from './dashboard-period';

/**
 * The monthly trends under the cards: each a chart (`data-chart`, drawn by console.ts) and the
 * table of the same figures beside it, one row per month linking to that month's dashboard.
 * The figures are the KPI service's, month by month. Pure.
 */
export interface TrendChart {
  id: string;
  title: string;
  chart: { type: 'line' | 'bar'; labels: string[]; datasets: Array<{ label: string; data: Array<number | null> }> };
  columns: string[];
  rows: Array<{ label: string; href: string; cells: string[] }>;
}

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

/** "oct. 2026", or "déc. 2026 (au 7)" for a month not over. */
export function monthLabel(month: Pick<ProgrammeKpis, 'from' | 'to'>): string {
  const [year, number] = [Number(month.from.slice(0, 4)), Number(month.from.slice(5, 7))];
  const lastDay = new Date(Date.UTC(year, number, 0)).getUTCDate();
  const day = Number(month.to.slice(8, 10));
  return `${SHORT_MONTHS[number - 1]} ${year}${day < lastDay ? ` (au ${day})` : ''}`;
}

function trend(
  id: string,
  title: string,
  months: ProgrammeKpis[],
  type: 'line' | 'bar',
  datasets: Array<{ label: string; data: (k: ProgrammeKpis) => number | null }>,
  columns: Array<{ label: string; cell: (k: ProgrammeKpis) => string }>,
): TrendChart {
  const labels = months.map(monthLabel);
  return {
    id,
    title,
    chart: {
      type,
      labels,
      datasets: datasets.map((dataset) => ({ label: dataset.label, data: months.map(dataset.data) })),
    },
    columns: ['Mois', ...columns.map((column) => column.label)],
    rows: months.map((month, index) => ({
      label: labels[index],
      href: periodHref('mois', month.from),
      cells: columns.map((column) => column.cell(month)),
    })),
  };
}

const rate = (value: number | null) => formatFigure('rate', value, '');

/** Revenue, retention, complaints and loss, NPS: twelve months each. */
export function trendCharts(months: ProgrammeKpis[]): TrendChart[] {
  const currency = months[0]?.currency ?? '';
  return [
    trend(
      'tendance-ca',
      `Chiffre d'affaires (${currency})`,
      months,
      'bar',
      [{ label: `Chiffre d'affaires (${currency})`, data: (k) => k.revenue }],
      [
        { label: `Chiffre d'affaires (${currency})`, cell: (k) => formatFigure('money', k.revenue, k.currency) },
        { label: `Commandes en ${currency}`, cell: (k) => formatNumber(k.orders_in_currency) },
        { label: 'Acheteurs (toutes devises)', cell: (k) => formatNumber(k.buyers) },
      ],
    ),
    trend(
      'tendance-retention',
      'Rétention des clients actifs (%)',
      months,
      'line',
      [{ label: 'Rétention (%)', data: (k) => k.retention_rate }],
      [
        { label: 'Clients actifs au début', cell: (k) => formatNumber(k.clients_active_start) },
        { label: 'Rétention', cell: (k) => rate(k.retention_rate) },
        { label: 'Attrition', cell: (k) => rate(k.attrition_rate) },
      ],
    ),
    trend(
      'tendance-reclamations',
      'Réclamations et pertes (%)',
      months,
      'line',
      [
        { label: 'Taux de réclamation (%)', data: (k) => k.complaint_rate },
        { label: 'Taux de perte (%)', data: (k) => k.loss_rate },
      ],
      [
        { label: 'Réclamations', cell: (k) => formatNumber(k.complaints) },
        { label: 'Taux de réclamation', cell: (k) => rate(k.complaint_rate) },
        { label: 'Taux de perte', cell: (k) => rate(k.loss_rate) },
      ],
    ),
    trend(
      'tendance-nps',
      'NPS',
      months,
      'line',
      [{ label: 'NPS', data: (k) => k.nps }],
      [
        { label: 'Réponses', cell: (k) => formatNumber(k.survey_answers) },
        { label: 'Promoteurs', cell: (k) => formatNumber(k.promoters) },
        { label: 'Passifs', cell: (k) => formatNumber(k.passives) },
        { label: 'Détracteurs', cell: (k) => formatNumber(k.detractors) },
        { label: 'NPS', cell: (k) => formatFigure('score', k.nps, k.currency) },
      ],
    ),
  ];
}
