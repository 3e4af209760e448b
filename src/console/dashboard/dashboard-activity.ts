import type { AutomationListItem } from '../../automations/automations.service';
import type { UpcomingMessage } from '../../automations/automation-upcoming';
import type { DueComplaint, DueComplaints } from '../../complaints/complaint-queries.service';
import { HANDED_OVER, NOT_RECEIVED, QUEUED, type DeliveryState } from '../../deliveries/delivery-state';
import { formatDateTime, formatNumber, formatPercent } from '../shell/french-format';

/**
 * What is going on now, under the KPIs: the campaigns sending (their live progress), what the
 * automations will send in the next seven days, the complaints due today and overdue. Every
 * figure links to its page. Pure.
 */
const CAMPAIGN_STATUS: Record<string, string> = {
  running: 'en cours',
  paused: 'en pause',
  scheduled: 'programmée',
};

export interface RunningCampaignInput {
  id: string;
  name: string;
  status: string;
  status_reason: string | null;
  launched_at: Date | string | null;
  /** `CampaignsService.progress(id)`: deliveries per state, and each step's status. */
  totals: Record<string, number>;
  steps: Array<{ status: string }>;
}

export interface RunningCampaign {
  id: string;
  name: string;
  href: string;
  status: string;
  statusLabel: string;
  statusReason: string | null;
  launchedAt: string;
  total: number;
  /** Handed over to a transport (sent, delivered, bounced, failed, unknown). */
  sent: number;
  queued: number;
  delivered: number;
  failed: number;
  /** Settled without being sent (consent withdrawn, expired). */
  dropped: number;
  /** total − queued: what no longer waits, for the progress bar. */
  done: number;
  donePercent: string;
  /** Running with messages going out now (queued, or a step being planned or dispatched): worth watching live. */
  sending: boolean;
}

/** Steps whose messages are being handed over now. */
const SENDING_STEPS = ['planned', 'dispatching'];

const sum = (totals: Record<string, number>, states: readonly DeliveryState[]) =>
  states.reduce((total, state) => total + (totals[state] ?? 0), 0);

export function runningCampaign(input: RunningCampaignInput, timeZone: string): RunningCampaign {
  const total = Object.values(input.totals).reduce((a, b) => a + b, 0);
  const sent = sum(input.totals, HANDED_OVER);
  const queued = sum(input.totals, QUEUED);
  return {
    id: input.id,
    name: input.name,
    href: `/campagnes/${encodeURIComponent(input.id)}`,
    status: input.status,
    statusLabel: CAMPAIGN_STATUS[input.status] ?? input.status,
    statusReason: input.status_reason,
    launchedAt: formatDateTime(input.launched_at, timeZone),
    total,
    sent,
    queued,
    delivered: input.totals.delivered ?? 0,
    failed: sum(input.totals, NOT_RECEIVED),
    dropped: total - sent - queued,
    done: total - queued,
    donePercent: formatPercent(total ? (total - queued) / total : null, 0),
    sending:
      input.status === 'running' && (queued > 0 || input.steps.some((step) => SENDING_STEPS.includes(step.status))),
  };
}

/** The live block: polled (htmx) while a campaign is sending; once none is, the answer stops the polling. */
export function runningCampaigns(inputs: RunningCampaignInput[], timeZone: string) {
  const campaigns = inputs.map((input) => runningCampaign(input, timeZone));
  return { live: campaigns.some((campaign) => campaign.sending), campaigns };
}

export interface UpcomingInput {
  automation: Pick<AutomationListItem, 'id' | 'name' | 'status' | 'status_reason'>;
  /** `AutomationUpcoming.list(id, { days: 7 })`; null for a paused automation (it sends nothing). */
  upcoming: { total: number; messages: Array<Pick<UpcomingMessage, 'send_at' | 'status'>> } | null;
}

/** What each automation will send in the coming seven days: how many, how many postponed, when the first goes. */
export function upcomingSends(inputs: UpcomingInput[], timeZone: string, limit: number) {
  return inputs.map(({ automation, upcoming }) => {
    const first = upcoming?.messages[0]?.send_at ?? null;
    return {
      id: automation.id,
      name: automation.name,
      href: `/automatisations/${encodeURIComponent(automation.id)}`,
      paused: automation.status === 'paused',
      statusReason: automation.status_reason,
      total: upcoming ? formatNumber(upcoming.total) : null,
      /** The listing stops at `limit` messages of each kind: the count is then a floor. */
      atLeast: upcoming !== null && upcoming.total >= limit,
      postponed: upcoming ? formatNumber(upcoming.messages.filter((m) => m.status === 'postponed').length) : null,
      firstSendAt: first ? formatDateTime(first, timeZone) : null,
    };
  });
}

function dueList(part: DueComplaints['overdue'], href: string, timeZone: string) {
  return {
    count: part.count,
    countText: formatNumber(part.count),
    href,
    more: part.count - part.complaints.length,
    complaints: part.complaints.map((complaint: DueComplaint) => ({
      reference: complaint.reference,
      href: `/reclamations/${encodeURIComponent(complaint.reference)}`,
      subject: complaint.subject,
      externalId: complaint.external_id,
      owner: complaint.owner,
      priority: [complaint.urgent ? 'urgente' : null, complaint.important ? 'importante' : null]
        .filter(Boolean)
        .join(', '),
      dueAt: formatDateTime(complaint.due_at, timeZone),
    })),
  };
}

/** The complaints to answer: overdue first, then those due before tonight. */
export function dueComplaints(due: DueComplaints, timeZone: string) {
  return {
    overdue: dueList(due.overdue, '/reclamations?echeance=depassee', timeZone),
    today: dueList(due.today, '/reclamations?echeance=aujourd-hui', timeZone),
  };
}
