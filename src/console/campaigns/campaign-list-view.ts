import { OBJECTIVES } from '../../campaigns/campaign-definition';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../../campaigns/campaign-status';
import type { CampaignReport } from '../../reports/campaign-report.service';
import { labelOf, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-labels';

export type Objective = (typeof OBJECTIVES)[number];

/** A campaign as CampaignsService.list gives it. */
export interface CampaignSummary {
  id: string;
  name: string;
  objective: string;
  status: string;
  created_at: Date | string;
  launched_at: Date | string | null;
  completed_at: Date | string | null;
}

export interface CampaignListQuery {
  status: CampaignStatus | null;
  objective: Objective | null;
  page: number;
}

export interface QueryProblem {
  field: string;
  reason: string;
}

/** Campaigns per page of the list: each row is a whole campaign report. */
export const CAMPAIGNS_PER_PAGE = 20;

function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

/** `?statut=running&objectif=loyalty&page=2`: an empty filter is no filter; anything else unknown is named. */
export function parseListQuery(query: Record<string, unknown>): { query: CampaignListQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const status = single(query.statut);
  const objective = single(query.objectif);
  const page = single(query.page);
  if (status && !(CAMPAIGN_STATUSES as readonly string[]).includes(status))
    problems.push({ field: 'statut', reason: `statut inconnu « ${status} »` });
  if (objective && !(OBJECTIVES as readonly string[]).includes(objective))
    problems.push({ field: 'objectif', reason: `objectif inconnu « ${objective} »` });
  if (page && !/^[1-9][0-9]{0,5}$/.test(page))
    problems.push({ field: 'page', reason: 'le numéro de page est un entier à partir de 1' });
  return {
    query: {
      status: status && !problems.some((p) => p.field === 'statut') ? (status as CampaignStatus) : null,
      objective: objective && !problems.some((p) => p.field === 'objectif') ? (objective as Objective) : null,
      page: page && !problems.some((p) => p.field === 'page') ? Number(page) : 1,
    },
    problems,
  };
}

/** The campaigns the filters keep, and the page of them to show (the last page when asked past it). */
export function pageOfCampaigns(
  campaigns: CampaignSummary[],
  query: CampaignListQuery,
): { shown: CampaignSummary[]; page: number; pages: number; total: number } {
  const kept = campaigns.filter(
    (campaign) =>
      (!query.status || campaign.status === query.status) &&
      (!query.objective || campaign.objective === query.objective),
  );
  const pages = Math.max(1, Math.ceil(kept.length / CAMPAIGNS_PER_PAGE));
  const page = Math.min(query.page, pages);
  return {
    shown: kept.slice((page - 1) * CAMPAIGNS_PER_PAGE, page * CAMPAIGNS_PER_PAGE),
    page,
    pages,
    total: kept.length,
  };
}

export interface CampaignListRow {
  id: string;
  name: string;
  objective: string;
  status: string;
  statusKey: string;
  launchedAt: Date | string | null;
  completedAt: Date | string | null;
  createdAt: Date | string;
  targeted: number;
  holdout: number;
  sent: number;
  responders: number;
  revenue: number;
  currency: string;
  roi: number | null;
  incrementalRoi: number | null;
}

/** One row of the list: the campaign's summary and its report's figures, as `relance campaign report` prints them. */
export function campaignListRow(campaign: CampaignSummary, report: CampaignReport): CampaignListRow {
  return {
    id: campaign.id,
    name: campaign.name,
    objective: labelOf(OBJECTIVE_LABELS, campaign.objective),
    status: labelOf(STATUS_LABELS, campaign.status),
    statusKey: campaign.status,
    launchedAt: campaign.launched_at,
    completedAt: campaign.completed_at,
    createdAt: campaign.created_at,
    targeted: report.audience.targeted,
    holdout: report.audience.holdout,
    sent: report.messages.sent,
    responders: report.responses.responders,
    revenue: report.revenue,
    currency: report.currency,
    roi: report.roi,
    incrementalRoi: report.incremental_roi,
  };
}

/** The filter form's choices, the current one selected. */
export function filterChoices(query: CampaignListQuery): {
  statuses: Array<{ value: string; label: string; selected: boolean }>;
  objectives: Array<{ value: string; label: string; selected: boolean }>;
} {
  return {
    statuses: CAMPAIGN_STATUSES.map((value) => ({
      value,
      label: STATUS_LABELS[value],
      selected: value === query.status,
    })),
    objectives: OBJECTIVES.map((value) => ({
      value,
      label: OBJECTIVE_LABELS[value],
      selected: value === query.objective,
    })),
  };
}

/** Links to the previous and next pages, keeping the filters. */
export function pageLinks(
  query: CampaignListQuery,
  page: number,
  pages: number,
): { previous: string | null; next: string | null } {
  const link = (to: number) => {
    const params = new URLSearchParams();
    if (query.status) params.set('statut', query.status);
    if (query.objective) params.set('objectif', query.objective);
    if (to > 1) params.set('page', String(to));
    const text = params.toString();
    return text ? `/campagnes?${text}` : '/campagnes';
  };
  return { previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
}
