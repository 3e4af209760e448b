import type { ProgrammeKpiReport, ProgrammeKpis } from '../../reports/programme-kpis.service';
import { formatMoney, formatNumber, formatPercent, MISSING } from '../shell/french-format';

/**
 * The dashboard's KPI cards: each figure of `relance kpi` for the period, as the KPI service
 * computed it, beside its value for the period before and a year earlier and the change between
 * them — in points for rates and the NPS, in per cent for money and frequencies. Pure.
 */
type Measure = 'rate' | 'score' | 'money' | 'ratio';

/** The figures of the KPI document that are numbers (or null when there is nothing to divide). */
type Figure = { [K in keyof ProgrammeKpis]: ProgrammeKpis[K] extends number | null ? K : never }[keyof ProgrammeKpis];

interface CardSpecification {
  key: Figure;
  label: string;
  measure: Measure;
  /** Which way is good news (the colour of the change). */
  better: 'up' | 'down';
  detail: (kpis: ProgrammeKpis) => string;
}

export interface KpiChange {
  /** "le mois précédent", "un an plus tôt". */
  label: string;
  value: string;
  /** "+1,2 pt", "−12,4 %", "stable", or nothing when either value is missing. */
  change: string;
  direction: 'up' | 'down' | 'same' | 'none';
  tone: 'good' | 'bad' | 'neutral';
  /** The change in words, for screen readers: "en hausse de 1,2 pt" (nothing when "stable" says it). */
  spoken: string;
}

export interface KpiCard {
  key: string;
  label: string;
  /** The figure as `relance kpi --json` gives it (null when there is nothing to divide). */
  raw: number | null;
  value: string;
  detail: string;
  changes: KpiChange[];
}

const count = (value: number, one: string, many: string) => `${formatNumber(value)} ${value > 1 ? many : one}`;

const CARDS: CardSpecification[] = [
  {
    key: 'retention_rate',
    label: 'Rétention',
    measure: 'rate',
    better: 'up',
    detail: (k) =>
      `part des ${count(k.clients_active_start, 'client actif', 'clients actifs')} au début qui ont racheté`,
  },
  {
    key: 'attrition_rate',
    label: 'Attrition',
    measure: 'rate',
    better: 'down',
    detail: (k) =>
      `part des ${count(k.clients_active_start, 'client actif', 'clients actifs')} au début qui n'ont rien racheté`,
  },
  {
    key: 'complaint_rate',
    label: 'Taux de réclamation',
    measure: 'rate',
    better: 'down',
    detail: (k) =>
      `${count(k.complaints, 'réclamation', 'réclamations')} pour ${count(k.orders, 'commande', 'commandes')}`,
  },
  {
    key: 'loss_rate',
    label: 'Taux de perte',
    measure: 'rate',
    better: 'down',
    detail: (k) => `${formatMoney(k.compensation_costs, k.currency)} de gestes commerciaux`,
  },
  {
    key: 'nps',
    label: 'NPS',
    measure: 'score',
    better: 'up',
    detail: (k) =>
      `${count(k.promoters, 'promoteur', 'promoteurs')}, ${count(k.passives, 'passif', 'passifs')}, ` +
      `${count(k.detractors, 'détracteur', 'détracteurs')} (${count(k.survey_answers, 'réponse', 'réponses')})`,
  },
  {
    key: 'revenue',
    label: "Chiffre d'affaires",
    measure: 'money',
    better: 'up',
    detail: (k) => `${count(k.orders_in_currency, 'commande', 'commandes')} en ${k.currency}`,
  },
  {
    key: 'average_basket',
    label: 'Panier moyen',
    measure: 'money',
    better: 'up',
    detail: (k) => `par commande en ${k.currency}`,
  },
  {
    key: 'purchase_frequency',
    label: "Fréquence d'achat",
    measure: 'ratio',
    better: 'up',
    detail: (k) =>
      `commandes par acheteur (${count(k.orders, 'commande', 'commandes')}, ${count(k.buyers, 'acheteur', 'acheteurs')})`,
  },
];

/** A figure as the dashboard shows it: 12,3 % for a rate (given in per cent), 1 234,50 € for money. */
export function formatFigure(measure: Measure, value: number | null, currency: string): string {
  if (value === null) return MISSING;
  if (measure === 'rate') return formatPercent(value / 100);
  if (measure === 'score') return formatNumber(value);
  if (measure === 'money') return formatMoney(value, currency);
  return formatNumber(value, 2);
}

const signed = (value: number, text: string) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${text}`;

export function kpiChange(
  measure: Measure,
  better: 'up' | 'down',
  current: number | null,
  before: number | null,
): Omit<KpiChange, 'label' | 'value'> {
  const points = measure === 'rate' || measure === 'score';
  if (current === null || before === null || (!points && before === 0))
    return { change: '', direction: 'none', tone: 'neutral', spoken: 'sans comparaison possible' };
  const difference = points ? current - before : ((current - before) / Math.abs(before)) * 100;
  const size = Math.abs(Math.round(difference * 10) / 10);
  const direction = size === 0 ? 'same' : difference > 0 ? 'up' : 'down';
  const magnitude = points ? `${formatNumber(size, 1)} ${size >= 2 ? 'pts' : 'pt'}` : formatPercent(size / 100);
  return {
    change: direction === 'same' ? 'stable' : signed(difference, magnitude),
    direction,
    tone: direction === 'same' ? 'neutral' : direction === better ? 'good' : 'bad',
    spoken: direction === 'same' ? '' : `${direction === 'up' ? 'en hausse' : 'en baisse'} de ${magnitude}`,
  };
}

/** The eight cards of the period, in the order a manager reads them. */
export function kpiCards(
  report: ProgrammeKpiReport,
  comparisons: { previous: string; yearEarlier: string },
): KpiCard[] {
  return CARDS.map((card) => {
    const raw = report[card.key];
    const against = (label: string, kpis: ProgrammeKpis): KpiChange => {
      const before = kpis[card.key];
      return {
        label,
        value: formatFigure(card.measure, before, kpis.currency),
        ...kpiChange(card.measure, card.better, raw, before),
      };
    };
    return {
      key: card.key,
      label: card.label,
      raw,
      value: formatFigure(card.measure, raw, report.currency),
      detail: card.detail(report),
      changes: [
        against(comparisons.previous, report.previous_period),
        against(comparisons.yearEarlier, report.year_on_year),
      ],
    };
  });
}

/** Money in the other currencies, which the figures in the report's currency leave out (nothing is converted). */
export function otherCurrencies(report: ProgrammeKpis): { note: string; amounts: string[] } | null {
  const { currencies, orders, revenue_by_currency: revenue, compensation_by_currency: compensations } = report.left_out;
  if (currencies.length === 0) return null;
  return {
    note:
      `Les montants en ${currencies.join(', ')} ne sont pas convertis en ${report.currency} (aucun taux de change n'est supposé) : ` +
      `ils ne comptent ni dans le chiffre d'affaires, ni dans le panier moyen, ni dans le taux de perte ci-dessus.`,
    amounts: [
      ...Object.entries(revenue).map(([code, amount]) => `${formatMoney(amount, code)} de chiffre d'affaires`),
      `${count(orders, 'commande', 'commandes')} dans ces devises`,
      ...Object.entries(compensations).map(([code, amount]) => `${formatMoney(amount, code)} de gestes commerciaux`),
    ],
  };
}
