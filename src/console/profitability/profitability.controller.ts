import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { localDate } from '../../contacts/normalisation/calendar';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { toCsv } from '../../core/csv/csv-writer';
import { DomainError } from '../../core/errors/domain-error';
import { OperationsProfitabilityService, type OperationsReport } from '../../reports/operations-profitability.service';
import { OPERATIONS_COLUMNS, operationsCsvRows } from '../../reports/operations-table';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { profitabilityPage, profitabilityQuery, sortedTables, type ProfitabilityQuery } from './profitability-view';

const TITLE = 'Rentabilité des opérations';

/**
 * Rentabilité des opérations: every campaign and automation active in a period, side by side,
 * from OperationsProfitabilityService — the document of `relance report operations` and
 * `GET /api/v1/reports/operations` — sorted by a column, with its CSV. Any signed-in user.
 */
@ConsolePages()
@Controller()
export class ProfitabilityController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly operations: OperationsProfitabilityService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get('rentabilite')
  async page(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const found = await this.report(query, request, response);
    if (!found) return;
    const timeZone = this.config.defaultTimezone;
    const view = profitabilityPage(found.report, found.asked, { timeZone, today: localDate(new Date(), timeZone) });
    const shell = { path: request.path, session: request.consoleSession };
    sendPage(response, this.renderer.render('profitability', TITLE, view, shell));
  }

  /** The same rows as the page, in the same order, a total row per currency. */
  @Get('rentabilite.csv')
  async csv(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response) {
    const found = await this.report(query, request, response);
    if (!found) return;
    const { report, asked } = found;
    response
      .type('text/csv; charset=utf-8')
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', `attachment; filename="rentabilite-${report.from}-${report.to}.csv"`)
      .send(toCsv(operationsCsvRows(sortedTables(report, asked)), [...OPERATIONS_COLUMNS]));
  }

  /** The report asked for, or a 400 page naming the parameter that is wrong (undefined then: the answer is sent). */
  private async report(
    query: Record<string, unknown>,
    request: ConsoleRequest,
    response: Response,
  ): Promise<{ report: OperationsReport; asked: ProfitabilityQuery } | undefined> {
    try {
      const asked = profitabilityQuery(query);
      return { asked, report: await this.operations.report({ from: asked.from, to: asked.to }) };
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const page = { heading: 'Requête incorrecte', message: consoleMessage(error) };
      const shell = { path: request.path, session: request.consoleSession };
      sendPage(response, this.renderer.render('error', 'Requête incorrecte', page, shell), 400);
      return undefined;
    }
  }
}

/** The console's own refusals are in French; the service's name `from` and `to`, which the page calls `debut` and `fin`. */
function consoleMessage(error: DomainError): string {
  if (error.code === 'console.bad_parameter') return error.message;
  const fields = error.details?.fields ?? [];
  const names = fields.map(({ field }) => (field === 'from' ? 'debut' : field === 'to' ? 'fin' : field));
  return names.includes('debut') && error.code === 'reports.bad_period'
    ? 'Le paramètre « debut » est après la fin de la période (aujourd’hui quand « fin » n’est pas donné).'
    : `Le paramètre « ${names[0] ?? 'debut'} » n’est pas accepté (${error.message}).`;
}
