import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignsRepository } from '../../campaigns/campaigns.repository';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { CampaignReportService } from '../../reports/campaign-report.service';
import { CampaignTimelineService } from '../../reports/campaign-timeline.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import {
  campaignListRow,
  filterChoices,
  pageLinks,
  pageOfCampaigns,
  parseListQuery,
  type CampaignSummary,
} from './campaign-list-view';
import { campaignPageView, NOTICES, type CampaignDetail, type Notice, type PageState } from './campaign-page-view';
import { progressView, type CampaignProgress } from './campaign-progress-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(id: string): DomainError {
  return DomainError.notFound('campaigns.not_found', `no campaign with id "${id}"`);
}

/**
 * Campagnes: the list with each campaign's figures, and a campaign's page (live progress,
 * funnel, results over time, control group, money, breakdown, history) with pause, resume and
 * cancel for marketers — over the services `relance campaign` and `relance campaign report` use.
 */
@ConsolePages()
@Controller('campagnes')
export class ConsoleCampaignsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly campaigns: CampaignsService,
    private readonly stored: CampaignsRepository,
    private readonly reports: CampaignReportService,
    private readonly timeline: CampaignTimelineService,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const parsed = parseListQuery(query);
    const all = (await this.campaigns.list()) as unknown as CampaignSummary[];
    const { shown, page, pages, total } = pageOfCampaigns(all, parsed.query);
    // Each row is the campaign's whole report, as `relance campaign report` prints it: the page's reports at once.
    const reports = parsed.problems.length ? [] : await this.reports.reports(shown.map((campaign) => campaign.id));
    const rows = reports.map((report, index) => campaignListRow(shown[index], report));
    const view = {
      problems: parsed.problems,
      filters: filterChoices(parsed.query),
      filtered: Boolean(parsed.query.status || parsed.query.objective),
      rows,
      total,
      page,
      pages,
      links: pageLinks(parsed.query, page, pages),
    };
    const html = this.renderer.render('campaigns', 'Campagnes', view, shell(request));
    sendPage(response, html, parsed.problems.length ? 400 : 200);
  }

  @Get(':id')
  async page(
    @Param('id') id: string,
    @Query('fait') done: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const notice = typeof done === 'string' && (NOTICES as readonly string[]).includes(done) ? (done as Notice) : null;
    await this.show(await this.campaignId(id), request, response, { notice, error: null });
  }

  /** The live progress block alone, for htmx: it polls itself every 2 s while the campaign sends. */
  @Get(':id/progression')
  async progress(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const progress = (await this.campaigns.progress(await this.campaignId(id))) as unknown as CampaignProgress;
    sendPage(
      response,
      this.renderer.renderFragment('campaign-progress', { ...progressView(progress) }, shell(request)),
    );
  }

  @Post(':id/pause')
  @ConsoleRole('marketer')
  async pause(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(await this.campaignId(id), 'pause', request, response, (campaign) => this.campaigns.pause(campaign));
  }

  @Post(':id/reprise')
  @ConsoleRole('marketer')
  async resume(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(await this.campaignId(id), 'reprise', request, response, (campaign) =>
      this.campaigns.resume(campaign),
    );
  }

  @Post(':id/annulation')
  @ConsoleRole('marketer')
  async cancel(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.act(await this.campaignId(id), 'annulation', request, response, (campaign) =>
      this.campaigns.cancel(campaign),
    );
  }

  /**
   * The campaign the address names: anything but the uuid of a campaign (an automation's is shown
   * under Automatisations) is a page that does not exist — 404, never a database error.
   */
  private async campaignId(id: string): Promise<string> {
    if (!UUID.test(id)) throw notFound(id);
    const campaign = await this.stored.find(id.toLowerCase());
    if (campaign?.kind !== 'campaign') throw notFound(id);
    return campaign.id;
  }

  /** Done: back to the page (a reload repeats nothing). Refused (a finished campaign resumed): the page with why. */
  private async act(
    id: string,
    done: Notice,
    request: ConsoleRequest,
    response: Response,
    action: (id: string) => Promise<unknown>,
  ): Promise<void> {
    try {
      await action(id);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not_found' || error.kind === 'unavailable') throw error;
      await this.show(id, request, response, { notice: null, error: error.code }, HTTP_STATUS_BY_KIND[error.kind]);
      return;
    }
    response.redirect(303, `/campagnes/${id}?fait=${done}`);
  }

  private async show(
    id: string,
    request: ConsoleRequest,
    response: Response,
    state: Omit<PageState, 'role'>,
    status = 200,
  ): Promise<void> {
    const [campaign, report, progress, daily, breakdown] = await Promise.all([
      this.campaigns.get(id) as Promise<unknown> as Promise<CampaignDetail>,
      this.reports.report(id),
      this.campaigns.progress(id) as Promise<unknown> as Promise<CampaignProgress>,
      this.timeline.daily(id),
      this.timeline.breakdown(id),
    ]);
    const figures = { campaign, report, progress, daily, breakdown };
    const view = campaignPageView(figures, { ...state, role: request.consoleSession!.user.role });
    sendPage(response, this.renderer.render('campaign', campaign.name, view, shell(request)), status);
  }
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
