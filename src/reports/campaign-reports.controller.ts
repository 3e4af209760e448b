import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import { flattenReport } from './report-csv';
import { CampaignReportService } from './campaign-report.service';
import { CampaignSummaryService } from './campaign-summary.service';
import { DomainError } from '../core/errors/domain-error';
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension } from './campaign-breakdown';
import { BREAKDOWN_COLUMNS, CampaignTimelineService, DAILY_COLUMNS } from './campaign-timeline.service';

/** `?format=` of the report exports: json (default) or csv; anything else is a 400 naming it. */
function exportFormat(format: string | undefined): 'json' | 'csv' {
  if (format === undefined || format === 'json' || format === 'csv') return format ?? 'json';
  throw DomainError.invalid('reports.bad_format', `invalid request: format must be json or csv (got "${format}")`, {
    fields: [{ field: 'format', reason: 'must be json or csv' }],
  });
}

function sendCsv(response: Response, name: string, csv: string): void {
  response.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}.csv"`).send(csv);
}

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('api/v1')
export class CampaignReportsController {
  constructor(
    private readonly reports: CampaignReportService,
    private readonly timeline: CampaignTimelineService,
    private readonly summaries: CampaignSummaryService,
  ) {}

  /** The bilan de campagne: the report on two A4 pages, in French, for a manager to print or forward. */
  @Get('campaigns/:id/report.pdf')
  @RequireRole('manager')
  @ApiProduces('application/pdf')
  async reportPdf(@Param('id') id: string, @Res() response: Response) {
    const pdf = await this.summaries.pdf(id);
    response
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="bilan-campagne-${id}.pdf"`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  }

  /** The campaign report of docs/campaigns.md; `?format=csv` for a one-row spreadsheet export. */
  @Get('campaigns/:id/report')
  @RequireRole('manager')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async report(@Param('id') id: string, @Query('format') format: string | undefined, @Res() response: Response) {
    const csv = exportFormat(format) === 'csv';
    const report = await this.reports.report(id);
    if (csv) {
      const row = flattenReport(report);
      sendCsv(response, `campaign-${id}-report`, toCsv([row], Object.keys(row)));
      return;
    }
    response.json(report);
  }

  /** Responses over time: one row per day (sent, opens, clicks, responses, new responders, conversions, revenue). */
  @Get('campaigns/:id/report/daily')
  @RequireRole('manager')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async daily(@Param('id') id: string, @Query('format') format: string | undefined, @Res() response: Response) {
    const csv = exportFormat(format) === 'csv';
    const series = await this.timeline.daily(id);
    if (csv)
      sendCsv(
        response,
        `campaign-${id}-daily`,
        toCsv(series.days as unknown as Array<Record<string, unknown>>, [...DAILY_COLUMNS]),
      );
    else response.json(series);
  }

  /** Treatment versus holdout per lifecycle stage, value tier and region; `?by=` keeps one of them. */
  @Get('campaigns/:id/report/breakdown')
  @RequireRole('manager')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'by', required: false, enum: BREAKDOWN_DIMENSIONS })
  async breakdown(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Query('by') by: string | undefined,
    @Res() response: Response,
  ) {
    const csv = exportFormat(format) === 'csv';
    if (by !== undefined && !(BREAKDOWN_DIMENSIONS as readonly string[]).includes(by)) {
      throw DomainError.invalid(
        'reports.bad_dimension',
        `invalid request: by must be one of ${BREAKDOWN_DIMENSIONS.join(', ')} (got "${by}")`,
        { fields: [{ field: 'by', reason: `must be one of ${BREAKDOWN_DIMENSIONS.join(', ')}` }] },
      );
    }
    const result = await this.timeline.breakdown(id);
    if (by) result.dimensions = { [by]: result.dimensions[by as BreakdownDimension] } as typeof result.dimensions;
    if (csv)
      sendCsv(
        response,
        `campaign-${id}-breakdown`,
        toCsv(Object.values(result.dimensions).flat() as unknown as Array<Record<string, unknown>>, [
          ...BREAKDOWN_COLUMNS,
        ]),
      );
    else response.json(result);
  }
}
