import { DomainError } from '../core/errors/domain-error';
import { DELIVERY_STATES, HELD_OUT_LISTING_STATE, type DeliveryState } from '../deliveries/delivery-state';

/**
 * Which rows of a campaign's delivery list to keep: one state (a ledger state, or `held_out` for
 * the control group) and/or one step. Without a filter the list is every delivery, then every
 * control-group member; a state or a step keeps deliveries only (control-group members have no
 * state in the ledger and no step), `held_out` keeps the control group only. Pure.
 */
export type DeliveryListState = DeliveryState | typeof HELD_OUT_LISTING_STATE;

export const DELIVERY_LIST_STATES: readonly DeliveryListState[] = [...DELIVERY_STATES, HELD_OUT_LISTING_STATE];

/** The highest step number a filter accepts (a campaign has a handful of steps). */
export const MAX_STEP = 1000;

export interface DeliveryListFilter {
  state?: DeliveryListState;
  step?: number;
}

/** What the caller calls the two parameters: `state`/`step` on the API and the CLI, French words in the console. */
export interface FilterNames {
  state: string;
  step: string;
}

function refused(field: string, reason: string, value: unknown): DomainError {
  const problem = `${reason} (got "${String(value)}")`;
  return DomainError.invalid('validation.failed', `invalid request: ${field}: ${problem}`, {
    fields: [{ field, reason: problem }],
  });
}

/** Reads the two filters as given on a query string or by the CLI (absent or empty: no filter); a bad one is a 400 naming it. */
export function parseDeliveryFilter(
  input: { state?: unknown; step?: unknown },
  names: FilterNames = { state: 'state', step: 'step' },
): DeliveryListFilter {
  const filter: DeliveryListFilter = {};
  const { state, step } = input;
  if (state !== undefined && state !== '') {
    if (typeof state !== 'string' || !(DELIVERY_LIST_STATES as readonly string[]).includes(state))
      throw refused(names.state, `must be one of ${DELIVERY_LIST_STATES.join(', ')}`, state);
    filter.state = state as DeliveryListState;
  }
  if (step !== undefined && step !== '') {
    const number = typeof step === 'number' ? step : typeof step === 'string' && /^\d{1,4}$/.test(step) ? +step : NaN;
    if (!Number.isInteger(number) || number < 1 || number > MAX_STEP)
      throw refused(names.step, `must be a step number from 1 to ${MAX_STEP}`, step);
    filter.step = number;
  }
  return filter;
}

/** The two parts of the list a filter keeps: the deliveries, the control group, or both (none when `held_out` meets a step). */
export function listedParts(filter: DeliveryListFilter): { deliveries: boolean; holdout: boolean } {
  const heldOut = filter.state === HELD_OUT_LISTING_STATE;
  return {
    deliveries: !heldOut,
    holdout: filter.step === undefined && (filter.state === undefined || heldOut),
  };
}
