import { roleAllows } from '../../core/auth/api-key.service';
import type { Role } from '../../core/auth/api-key.entity';
import { canMoveCampaign, CAMPAIGN_STATUSES, type CampaignStatus } from '../../campaigns/campaign-status';
import type { CampaignReport } from '../../reports/campaign-report.service';
import type { CampaignBreakdown, DailySeries } from '../../reports/campaign-timeline.service';
import { CHANNEL_LABELS, labelOf, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-labels';
import { historyRow, statusReasonText, type CampaignEvent } from './campaign-history-view';
import { progressView, type CampaignProgress } from './campaign-progress-view';
import { breakdownView, comparisonView, funnelView, moneyView, timelineView } from './campaign-results-view';

/** A campaign as CampaignsService.get gives it (the fields the page reads). */
export interface CampaignDetail {
  id: string;
  name: string;
  objective: string;
  status: string;
  status_reason: string | null;
  created_at: Date | string;
  launched_at: Date | string | null;
  completed_at: Date | string | null;
  steps: Array<{ position: number; channel: string }>;
  events: CampaignEvent[];
}

/** What the services say about one campaign: the page is built from these alone. */
export interface CampaignFigures {
  campaign: CampaignDetail;
  report: CampaignReport;
  progress: CampaignProgress;
  daily: DailySeries;
  breakdown: CampaignBreakdown;
}

/** The actions a person may take: pause, resume and cancel, for marketers and admins, when the status allows. */
export function campaignActions(status: string, role: Role): { pause: boolean; resume: boolean; cancel: boolean } {
  if (!roleAllows(role, 'marketer') || !(CAMPAIGN_STATUSES as readonly string[]).includes(status))
    return { pause: false, resume: false, cancel: false };
  const from = status as CampaignStatus;
  return {
    pause: canMoveCampaign(from, 'paused'),
    resume: from === 'paused' && canMoveCampaign(from, 'running'),
    cancel: canMoveCampaign(from, 'cancelled'),
  };
}

export type Notice = 'pause' | 'reprise' | 'annulation' | 'lancement';
export const NOTICES: readonly Notice[] = ['pause', 'reprise', 'annulation', 'lancement'];

export interface PageState {
  role: Role;
  /** What the last action did (after its redirect). */
  notice: Notice | null;
  /** A refusal's code (campaigns.bad_transition…), shown as a sentence. */
  error: string | null;
}

export function campaignPageView(figures: CampaignFigures, state: PageState) {
  const { campaign, report } = figures;
  const actions = campaignActions(campaign.status, state.role);
  return {
    id: campaign.id,
    name: campaign.name,
    objective: labelOf(OBJECTIVE_LABELS, campaign.objective),
    status: labelOf(STATUS_LABELS, campaign.status),
    statusReason: statusReasonText(campaign.status_reason),
    createdAt: campaign.created_at,
    launchedAt: campaign.launched_at,
    completedAt: campaign.completed_at,
    channels: [...new Set(campaign.steps.map((step) => labelOf(CHANNEL_LABELS, step.channel)))].join(', '),
    audience: report.audience,
    notice: state.notice,
    error: state.error,
    actions: { ...actions, any: actions.pause || actions.resume || actions.cancel },
    draft: campaign.status === 'draft',
    canDuplicate: roleAllows(state.role, 'marketer'),
    progress: progressView(figures.progress),
    funnel: funnelView(
      report,
      campaign.steps.some((step) => step.channel === 'email'),
    ),
    timeline: timelineView(figures.daily),
    comparison: comparisonView(report),
    money: moneyView(report),
    breakdown: breakdownView(figures.breakdown),
    history: campaign.events.map(historyRow),
  };
}
