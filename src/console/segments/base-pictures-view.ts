import type { BasePictures, RfmCell, Slice, SilentClient } from '../../segments/base-pictures.service';
import type { ChartSpecification } from '../campaigns/campaign-results-view';
import { formatNumber, formatPercent } from '../shell/french-format';

/**
 * The view model of "Portrait de la base" (/segments/portrait): every figure of BasePicturesService
 * in French words, each slice with the link that opens its segment in the builder.
 */

const STAGE_LABELS = {
  acquisition: 'Acquisition',
  development: 'Développement',
  retention: 'Fidélisation',
  decline: 'Déclin',
} as const;
const TIER_LABELS = { top: 'Meilleurs clients', core: 'Cœur', tail: 'Petits clients' } as const;
/** Colour steps of the grid (0: empty cell). */
const HEAT_STEPS = 5;

type Condition = { field: string; op: string; value?: unknown };

/** The builder, opened on these rules (`/segments/nouveau?regles=…`). */
export function builderHref(conditions: Condition[]): string {
  return `/segments/nouveau?regles=${encodeURIComponent(JSON.stringify({ all: conditions }))}`;
}

export function rfmRules(recency: number, frequency: number): Condition[] {
  return [
    { field: 'rfm.recency', op: 'eq', value: recency },
    { field: 'rfm.frequency', op: 'eq', value: frequency },
  ];
}

function heatOf(clients: number, max: number): number {
  return clients && max ? Math.max(1, Math.ceil((HEAT_STEPS * clients) / max)) : 0;
}

/** The legend: the range of clients each colour step stands for. */
function heatLegend(max: number): Array<{ heat: number; label: string }> {
  const legend = [{ heat: 0, label: 'aucun client' }];
  for (let heat = 1; heat <= HEAT_STEPS && max; heat++) {
    const from = Math.floor((max * (heat - 1)) / HEAT_STEPS) + 1;
    const to = Math.floor((max * heat) / HEAT_STEPS);
    if (to >= from)
      legend.push({ heat, label: from === to ? `${formatNumber(to)}` : `${formatNumber(from)} à ${formatNumber(to)}` });
  }
  return legend;
}

function gridView(cells: RfmCell[]) {
  const max = Math.max(0, ...cells.map((cell) => cell.clients));
  const rows = [5, 4, 3, 2, 1].map((recency) => ({
    recency,
    cells: cells
      .filter((cell) => cell.recency === recency)
      .map((cell) => ({
        ...cell,
        heat: heatOf(cell.clients, max),
        href: builderHref(rfmRules(recency, cell.frequency)),
      })),
  }));
  return { rows, frequencies: [1, 2, 3, 4, 5], legend: heatLegend(max) };
}

interface DistributionRow extends Slice {
  key: string;
  label: string;
  share: number;
  href: string;
}

function distributionView(id: string, title: string, rows: DistributionRow[]) {
  return {
    id,
    title,
    rows,
    chart: {
      type: 'bar',
      labels: rows.map((row) => row.label),
      datasets: [{ label: 'Clients', data: rows.map((row) => row.clients) }],
    } satisfies ChartSpecification,
  };
}

function stagesView(pictures: BasePictures) {
  const total = pictures.total.clients;
  return distributionView(
    'etapes',
    'Par étape du cycle de vie',
    pictures.lifecycle.map((slice) => ({
      ...slice,
      key: slice.stage,
      label: STAGE_LABELS[slice.stage],
      share: total ? slice.clients / total : 0,
      href: builderHref([{ field: 'lifecycle', op: 'eq', value: slice.stage }]),
    })),
  );
}

function tiersView(pictures: BasePictures) {
  const total = pictures.total.clients;
  return distributionView(
    'niveaux',
    'Par niveau de valeur',
    pictures.valueTiers.map((slice) => ({
      ...slice,
      key: slice.tier ?? 'none',
      label: slice.tier ? TIER_LABELS[slice.tier] : 'Sans achat (aucun niveau)',
      share: total ? slice.clients / total : 0,
      href: builderHref(
        slice.tier ? [{ field: 'value_tier', op: 'eq', value: slice.tier }] : [{ field: 'value_tier', op: 'is_null' }],
      ),
    })),
  );
}

/** One decimal, as a number for the chart (the table says it in French). */
const percentage = (ratio: number) => Math.round(ratio * 1000) / 10;

function paretoView(pareto: BasePictures['pareto']) {
  const share80 = pareto.clientsFor80 !== null && pareto.buyers ? pareto.clientsFor80 / pareto.buyers : null;
  const points = [{ clientShare: 0, revenueShare: 0 }, ...pareto.deciles];
  return {
    ...pareto,
    share80,
    sentence:
      share80 === null
        ? null
        : `${formatPercent(share80)} des clients font ${formatPercent(0.8, 0)} du chiffre d'affaires`,
    deciles: pareto.deciles.map((point) => ({ ...point, label: `${point.decile * 10} % des clients` })),
    chart: {
      type: 'line',
      labels: points.map((point) => formatPercent(point.clientShare)),
      datasets: [
        {
          label: "Part cumulée du chiffre d'affaires (%)",
          data: points.map((point) => percentage(point.revenueShare)),
        },
        { label: 'Répartition égale (%)', data: points.map((point) => percentage(point.clientShare)) },
      ],
    } satisfies ChartSpecification,
  };
}

function clientName(client: SilentClient): string {
  return (
    [client.civility, client.first_name, client.last_name].filter(Boolean).join(' ') ||
    client.company_name ||
    client.external_id
  );
}

function silentView(silent: BasePictures['silent']) {
  return {
    ...silent,
    href: builderHref([{ field: 'silent', op: 'eq', value: true }]),
    best: silent.best.map((client) => ({
      ...client,
      name: clientName(client),
      href: `/contacts/${encodeURIComponent(client.external_id)}`,
    })),
  };
}

export function basePicturesView(pictures: BasePictures) {
  return {
    currency: pictures.currency,
    windowMonths: pictures.windowMonths,
    scoredAt: pictures.scoredAt,
    total: pictures.total,
    otherCurrency: pictures.otherCurrency,
    rfmScored: pictures.rfmScored,
    grid: gridView(pictures.rfm),
    distributions: [stagesView(pictures), tiersView(pictures)],
    pareto: paretoView(pictures.pareto),
    silent: silentView(pictures.silent),
  };
}
