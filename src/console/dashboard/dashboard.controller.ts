import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { runningCampaigns } from './dashboard-activity';
import { DashboardData } from './dashboard-data';
import { dashboardPeriod, PeriodFieldError } from './dashboard-period';

/**
 * Tableau de bord (`/`): the programme's KPIs for a period with their changes, twelve months of
 * trends, the campaigns sending now (their block refreshes itself through htmx), the automated
 * sends of the week, the complaints due. Any signed-in user may read it.
 */
@ConsolePages()
@Controller()
export class DashboardController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly data: DashboardData,
  ) {}

  /** A period the form cannot give answers 400 with the field named, and the current month's dashboard to start again from. */
  @Get()
  async page(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const now = new Date();
    const today = this.data.today(now);
    let error: PeriodFieldError | null = null;
    let choice;
    try {
      choice = dashboardPeriod(query, today, this.data.timeZone);
    } catch (problem) {
      if (!(problem instanceof PeriodFieldError)) throw problem;
      error = problem;
      choice = dashboardPeriod({}, today, this.data.timeZone);
    }
    const view = await this.data.view(choice, error, now);
    const shell = { path: request.path, session: request.consoleSession };
    sendPage(response, this.renderer.render('dashboard', 'Tableau de bord', view, shell), error ? 400 : 200);
  }

  /** The campaigns block alone, for htmx: it polls while a campaign sends and stops once none does. */
  @Get('tableau-de-bord/campagnes-en-cours')
  async running(@Req() request: ConsoleRequest, @Res() response: Response) {
    const running = runningCampaigns(await this.data.running(), this.data.timeZone);
    const shell = { path: request.path, session: request.consoleSession };
    sendPage(response, this.renderer.renderFragment('dashboard-running', { running }, shell));
  }
}
