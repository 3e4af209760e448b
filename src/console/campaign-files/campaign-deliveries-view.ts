import type { DetailedDeliveryListPage } from '../../campaigns/campaigns.service';
import {
  DELIVERY_LIST_STATES,
  type DeliveryListFilter,
  type DeliveryListState,
  type FilterNames,
} from '../../campaigns/delivery-list-filter';
import { CHANNEL_LABELS, DELIVERY_STATE_LABELS, labelOf } from '../../reports/french-labels';

/**
 * The page `/campagnes/:id/envois` from what CampaignsService returns: the counts per state (from
 * `progress`), the filter form, one page of the detailed delivery list, the links to the next page,
 * the CSV and the bilan. Pure: counts are the service's, summed only to total a filter.
 */
export const PAGE_SIZE = 50;

/** The query parameters of the page and of its CSV, in French like the addresses. */
export const FILTER_PARAMETERS: FilterNames = { state: 'etat', step: 'etape' };

export interface DeliveriesPageInput {
  campaign: { id: string; name: string };
  /** `CampaignsService.progress(id)`: per step, the number of deliveries in each state. */
  progress: { steps: Array<{ position: number; channel: string; states: Record<string, number> }> };
  /** Members of the control group (the campaign's audience). */
  holdout: number;
  filter: DeliveryListFilter;
  page: DetailedDeliveryListPage;
  /** The `apres` this page was asked with, if any. */
  after: string | null;
}

/** The query string of a filter (and a cursor): only what is set, in a stable order. */
export function filterQuery(filter: DeliveryListFilter, after?: string | null): string {
  const query = new URLSearchParams();
  if (filter.state) query.set(FILTER_PARAMETERS.state, filter.state);
  if (filter.step !== undefined) query.set(FILTER_PARAMETERS.step, String(filter.step));
  if (after) query.set('apres', after);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** How many deliveries each state has, over every step or one: the service's counts. */
function stateCounts(input: DeliveriesPageInput, step?: number): Map<DeliveryListState, number> {
  const counts = new Map<DeliveryListState, number>();
  for (const entry of input.progress.steps) {
    if (step !== undefined && entry.position !== step) continue;
    for (const [state, n] of Object.entries(entry.states))
      counts.set(state as DeliveryListState, (counts.get(state as DeliveryListState) ?? 0) + n);
  }
  if (step === undefined && input.holdout) counts.set('held_out', input.holdout);
  return counts;
}

/** The number of rows the filter keeps, across every page. */
export function filteredCount(input: DeliveriesPageInput): number {
  const counts = stateCounts(input, input.filter.step);
  if (input.filter.state) return counts.get(input.filter.state) ?? 0;
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}

function rowsView(page: DetailedDeliveryListPage) {
  return page.rows.map((row) => ({
    contact: row.contact_name ?? row.external_id,
    externalId: row.external_id,
    email: row.email,
    channel: row.channel ? labelOf(CHANNEL_LABELS, row.channel) : null,
    step: row.step,
    state: row.state,
    stateLabel: labelOf(DELIVERY_STATE_LABELS, row.state),
    reason: row.reason,
    plannedAt: row.planned_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
  }));
}

export function deliveriesView(input: DeliveriesPageInput) {
  const { campaign, filter, page } = input;
  const base = `/campagnes/${encodeURIComponent(campaign.id)}`;
  const all = stateCounts(input);
  const summary = DELIVERY_LIST_STATES.filter((state) => all.has(state)).map((state) => ({
    state,
    label: labelOf(DELIVERY_STATE_LABELS, state),
    count: all.get(state) ?? 0,
    href: `${base}/envois${filterQuery({ state })}`,
  }));
  return {
    campaign: { id: campaign.id, name: campaign.name, href: base },
    summary,
    deliveriesTotal: [...all].filter(([state]) => state !== 'held_out').reduce((sum, [, n]) => sum + n, 0),
    holdout: input.holdout,
    states: DELIVERY_LIST_STATES.map((state) => ({
      value: state,
      label: labelOf(DELIVERY_STATE_LABELS, state),
      selected: filter.state === state,
    })),
    steps: input.progress.steps.map((step) => ({
      value: step.position,
      label: `Étape ${step.position} (${labelOf(CHANNEL_LABELS, step.channel)})`,
      selected: filter.step === step.position,
    })),
    filtered: Boolean(filter.state || filter.step !== undefined),
    count: filteredCount(input),
    rows: rowsView(page),
    firstHref: input.after ? `${base}/envois${filterQuery(filter)}` : null,
    nextHref: page.next ? `${base}/envois${filterQuery(filter, page.next)}` : null,
    csvHref: `${base}/envois.csv${filterQuery(filter)}`,
    bilanHref: `${base}/bilan.pdf`,
  };
}

/** The 400 page of a refused filter: which parameter, what it got, what it takes. */
export function filterRefusal(field: string, value: unknown): { heading: string; message: string } {
  const given = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const expected =
    field === FILTER_PARAMETERS.state
      ? `un de ces états : ${DELIVERY_LIST_STATES.join(', ')}`
      : field === FILTER_PARAMETERS.step
        ? 'un numéro d’étape de la campagne (1, 2…)'
        : 'la valeur donnée par le lien « Page suivante »';
  return {
    heading: 'Filtre incorrect',
    message: `Le paramètre « ${field} » ne peut pas valoir « ${given} » : il attend ${expected}.`,
  };
}
