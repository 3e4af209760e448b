import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { toCsv } from '../../core/csv/csv-writer';
import { ComplaintDashboardService } from '../../reports/complaint-dashboard.service';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { ComplaintPages } from './complaint-pages';
import {
  indicatorsPeriod,
  indicatorsView,
  UNHAPPY_CSV_COLUMNS,
  unhappyCsvRows,
  unhappyRow,
} from './complaint-indicators-view';

const shell = (request: ConsoleRequest) => ({ path: request.path, session: request.consoleSession });

/**
 * The complaints' follow-up (phase 5): the indicators of `relance complaint dashboard` as tables
 * and charts, and the unhappy clients with the reasons of their discontent (CSV for a spreadsheet).
 * Registered before the complaints' pages: these words are not references.
 */
@ConsolePages()
@Controller('reclamations')
export class ComplaintIndicatorsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly dashboards: ComplaintDashboardService,
    private readonly pages: ComplaintPages,
  ) {}

  @Get('indicateurs')
  async indicators(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const period = indicatorsPeriod(query, this.pages.config.defaultTimezone);
    const view = period.problems.length
      ? { problems: period.problems, from: period.from, to: period.to, shown: null }
      : {
          problems: [],
          from: period.from,
          to: period.to,
          shown: indicatorsView(await this.dashboards.dashboard({ from: period.from, to: period.to })),
        };
    const html = this.renderer.render('complaint-indicators', 'Indicateurs des réclamations', view, shell(request));
    sendPage(response, html, period.problems.length ? 400 : 200);
  }

  @Get('mecontents')
  async unhappy(@Req() request: ConsoleRequest, @Res() response: Response) {
    const rows = (await this.dashboards.unhappyClients()).map(unhappyRow);
    const html = this.renderer.render('complaint-unhappy', 'Clients mécontents', { rows }, shell(request));
    sendPage(response, html);
  }

  @Get('mecontents.csv')
  async unhappyCsv(@Res() response: Response) {
    const rows = unhappyCsvRows(await this.dashboards.unhappyClients());
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="clients-mecontents.csv"')
      .set('Cache-Control', 'no-store')
      .send(toCsv(rows, UNHAPPY_CSV_COLUMNS));
  }
}
