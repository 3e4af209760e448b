import type { CampaignReport } from '../../reports/campaign-report.service';
import {
  CAMPAIGNS_PER_PAGE,
  campaignListRow,
  filterChoices,
  pageLinks,
  pageOfCampaigns,
  parseListQuery,
  type CampaignSummary,
} from './campaign-list-view';

const summary = (n: number, status = 'completed', objective = 'loyalty'): CampaignSummary => ({
  id: `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
  name: `Campagne ${n}`,
  objective,
  status,
  created_at: '2026-10-01T08:00:00Z',
  launched_at: null,
  completed_at: null,
});

describe('Campagnes: the list', () => {
  it('reads the filters of the GET form; an empty one is no filter', () => {
    expect(parseListQuery({ statut: 'running', objectif: 'loyalty', page: '2' })).toEqual({
      query: { status: 'running', objective: 'loyalty', page: 2 },
      problems: [],
    });
    expect(parseListQuery({ statut: '', objectif: '' })).toEqual({
      query: { status: null, objective: null, page: 1 },
      problems: [],
    });
  });

  it('names each field it cannot read', () => {
    const parsed = parseListQuery({ statut: 'fini', objectif: ['x', 'y'], page: '0' });
    expect(parsed.problems.map((problem) => problem.field)).toEqual(['statut', 'objectif', 'page']);
    expect(parsed.problems[0].reason).toContain('fini');
    expect(parsed.query).toEqual({ status: null, objective: null, page: 1 });
  });

  it('keeps the campaigns of the filters, a page at a time, and the last page when asked past it', () => {
    const campaigns = [
      ...Array.from({ length: CAMPAIGNS_PER_PAGE + 3 }, (_, i) => summary(i)),
      summary(100, 'running'),
      summary(101, 'running', 'sale'),
    ];
    const running = pageOfCampaigns(campaigns, { status: 'running', objective: null, page: 1 });
    expect(running.shown.map((c) => c.name)).toEqual(['Campagne 100', 'Campagne 101']);
    expect(pageOfCampaigns(campaigns, { status: 'running', objective: 'sale', page: 1 }).total).toBe(1);
    const second = pageOfCampaigns(campaigns, { status: 'completed', objective: null, page: 9 });
    expect(second).toMatchObject({ page: 2, pages: 2, total: CAMPAIGNS_PER_PAGE + 3 });
    expect(second.shown).toHaveLength(3);
    expect(pageOfCampaigns([], { status: null, objective: null, page: 1 })).toMatchObject({ page: 1, pages: 1 });
  });

  it("shows a row with the report's own figures and French words", () => {
    const report = {
      audience: { targeted: 203, holdout: 23 },
      messages: { sent: 203 },
      responses: { responders: 32 },
      revenue: 254354.64,
      currency: 'MAD',
      roi: 35.89,
      incremental_roi: 30.25,
    } as unknown as CampaignReport;
    expect(campaignListRow(summary(1, 'paused', 'reactivation'), report)).toMatchObject({
      objective: 'Réactivation',
      status: 'En pause',
      statusKey: 'paused',
      targeted: 203,
      holdout: 23,
      sent: 203,
      responders: 32,
      revenue: 254354.64,
      roi: 35.89,
      incrementalRoi: 30.25,
    });
  });

  it('keeps the filters in the page links and selects them in the form', () => {
    const query = { status: 'completed' as const, objective: null, page: 2 };
    expect(pageLinks(query, 2, 3)).toEqual({
      previous: '/campagnes?statut=completed',
      next: '/campagnes?statut=completed&page=3',
    });
    expect(pageLinks({ status: null, objective: null, page: 1 }, 1, 1)).toEqual({ previous: null, next: null });
    const choices = filterChoices(query);
    expect(choices.statuses.filter((s) => s.selected).map((s) => s.label)).toEqual(['Terminée']);
    expect(choices.objectives.some((o) => o.selected)).toBe(false);
  });
});
