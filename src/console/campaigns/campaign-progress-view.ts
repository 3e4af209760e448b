import { DeliveryState, HANDED_OVER, NOT_RECEIVED, QUEUED } from '../../deliveries/delivery-state';
import { statusReasonText } from './campaign-history-view';
import { CHANNEL_LABELS, labelOf, STATUS_LABELS, STEP_STATUS_LABELS } from './campaign-labels';

/** What CampaignsService.progress gives: counts per delivery state, per step and in total. */
export interface CampaignProgress {
  id: string;
  status: string;
  status_reason: string | null;
  steps: Array<{ position: number; channel: string; status: string; states: Record<string, number> }>;
  totals: Record<string, number>;
}

/** Counts as the page shows them: queued → sent (handed over) → delivered, and what failed or was set aside. */
export interface ProgressCounts {
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  setAside: number;
  total: number;
  /** Messages whose outcome is known (total − queued): what the progress bar fills. */
  done: number;
}

export interface ProgressView {
  id: string;
  status: string;
  /** Not launched yet: nothing to count. */
  draft: boolean;
  statusReason: string | null;
  /** The campaign is sending: the fragment asks for itself again every 2 s; once done it does not. */
  polling: boolean;
  steps: Array<ProgressCounts & { position: number; channel: string; stepStatus: string }>;
  totals: ProgressCounts;
}

const sum = (states: Record<string, number>, which: readonly string[]) =>
  which.reduce((total, state) => total + (states[state] ?? 0), 0);

export function progressCounts(states: Record<string, number>): ProgressCounts {
  const total = Object.values(states).reduce((a, b) => a + b, 0);
  const queued = sum(states, QUEUED);
  return {
    queued,
    sent: sum(states, HANDED_OVER),
    delivered: states[DeliveryState.Delivered] ?? 0,
    failed: sum(states, NOT_RECEIVED),
    unknown: states[DeliveryState.Unknown] ?? 0,
    setAside: sum(states, [DeliveryState.Suppressed, DeliveryState.Expired]),
    total,
    done: total - queued,
  };
}

/** Steps whose deliveries are being handed over (planned: its rows exist and go out now). */
const SENDING_STEPS = ['planned', 'dispatching'];

/**
 * The live progress block. It keeps polling while the campaign runs and something is still to go
 * out now (messages queued, a step being dispatched); a paused, finished or scheduled campaign
 * does not move by itself, so its block stops asking.
 */
export function progressView(progress: CampaignProgress): ProgressView {
  const totals = progressCounts(progress.totals);
  const sending =
    progress.status === 'running' &&
    (totals.queued > 0 || progress.steps.some((step) => SENDING_STEPS.includes(step.status)));
  return {
    id: progress.id,
    status: labelOf(STATUS_LABELS, progress.status),
    draft: progress.status === 'draft',
    statusReason: statusReasonText(progress.status_reason),
    polling: sending,
    steps: progress.steps.map((step) => ({
      position: step.position,
      channel: labelOf(CHANNEL_LABELS, step.channel),
      stepStatus: labelOf(STEP_STATUS_LABELS, step.status),
      ...progressCounts(step.states),
    })),
    totals,
  };
}
