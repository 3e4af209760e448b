import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AutomationUpcoming, UPCOMING_LIMIT } from '../../automations/automation-upcoming';
import { AutomationsService } from '../../automations/automations.service';
import { describeTrigger } from '../../automations/trigger-description';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { roleAllows } from '../../core/auth/api-key.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { AutomationReportService } from '../../reports/automation-report.service';
import { scoringConfig, type ScoringConfigType } from '../../segments/scoring.config';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { historyRows, type HistoryEvent } from './automation-history';
import { audienceText, automationRow, pauseReasonText, reportView, stepsView } from './automation-view';
import { upcomingDays } from './upcoming-days';

const DONE = { pause: 'paused', reprise: 'resumed', creation: 'created', modification: 'updated' } as const;
/** Recipients shown for each day of the next sends. */
const SAMPLE_SIZE = 5;

/**
 * Automatisations: each automation with its state, its trigger in words, its running report
 * (`relance automation report`) and its next sends (`relance automation upcoming`); pause and
 * resume for marketers, through the same services as the CLI and the API.
 */
@ConsolePages()
@Controller('automatisations')
export class AutomationsPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly automations: AutomationsService,
    private readonly reports: AutomationReportService,
    private readonly upcoming: AutomationUpcoming,
    private readonly campaigns: CampaignsService,
    @Inject(scoringConfig.KEY) private readonly thresholds: ScoringConfigType,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get()
  async list(@Req() request: ConsoleRequest, @Res() response: Response) {
    // Each automation's report and next sends at once (they are independent reads), rows kept in the list's order.
    const rows = await Promise.all(
      (await this.automations.list()).map(async (item) => {
        const [report, upcoming] = await Promise.all([this.reports.report(item.id), this.upcoming.list(item.id)]);
        const next = this.nextSends(upcoming);
        return automationRow(
          item,
          report,
          { count: next.total, capped: next.capped, from: next.from },
          this.thresholds,
        );
      }),
    );
    const shell = { path: request.path, session: request.consoleSession };
    const canCreate = roleAllows(request.consoleSession!.user.role, 'marketer');
    sendPage(response, this.renderer.render('automations', 'Automatisations', { rows, canCreate }, shell));
  }

  @Get(':id')
  async detail(
    @Param('id') id: string,
    @Query('fait') done: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const automation = await this.automations.get(id);
    const [report, campaign, upcoming] = await Promise.all([
      this.reports.report(automation.id),
      this.campaigns.get(automation.campaign_id),
      this.upcoming.list(automation.id),
    ]);
    const { events } = campaign as { events: HistoryEvent[] };
    const definition = automation.definition;
    const session = request.consoleSession!;
    const view = {
      automation: {
        id: automation.id,
        name: automation.name,
        paused: report.status === 'paused',
        pauseReason: pauseReasonText(report.status_reason),
        trigger: describeTrigger(automation.trigger, this.thresholds),
        audience: audienceText(definition),
        objective: definition.objective,
        holdoutRatio: Number(definition.holdout_percent) / 100,
        expireAfterDays: definition.expire_after_days,
        createdAt: automation.created_at,
        lastTickAt: automation.last_tick_at,
        catchUpHours: this.config.automations.catchUpHours,
      },
      steps: stepsView(definition),
      report: reportView(report, {
        attributionDays: definition.attribution_days,
        holdoutPercent: Number(definition.holdout_percent),
      }),
      upcoming: this.nextSends(upcoming),
      history: historyRows(events),
      canAct: roleAllows(session.user.role, 'marketer'),
      notice: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done as keyof typeof DONE] : null,
    };
    const html = this.renderer.render('automation', automation.name, view, { path: request.path, session });
    sendPage(response, html);
  }

  @Post(':id/pause')
  @ConsoleRole('marketer')
  async pause(@Param('id') id: string, @Res() response: Response) {
    const { id: paused } = await this.automations.setStatus(id, 'paused');
    response.redirect(303, `/automatisations/${paused}?fait=pause`);
  }

  @Post(':id/reprise')
  @ConsoleRole('marketer')
  async resume(@Param('id') id: string, @Res() response: Response) {
    const { id: resumed } = await this.automations.setStatus(id, 'active');
    response.redirect(303, `/automatisations/${resumed}?fait=reprise`);
  }

  private nextSends(upcoming: Awaited<ReturnType<AutomationUpcoming['list']>>) {
    return upcomingDays(upcoming, {
      timeZone: this.config.defaultTimezone,
      sampleSize: SAMPLE_SIZE,
      limit: UPCOMING_LIMIT,
    });
  }
}
