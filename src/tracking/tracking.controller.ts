import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import { flattenReport } from './report-csv';
import { CampaignReportService } from './campaign-report.service';
import { RESPONSE_KINDS, ResponsesService } from './responses.service';
import { CALL_OUTCOMES, CallOutcomesService } from './call-outcomes.service';
import { SurveysService } from './surveys.service';
import { DomainError } from '../core/errors/domain-error';
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension } from './campaign-breakdown';
import { BREAKDOWN_COLUMNS, CampaignTimelineService, DAILY_COLUMNS } from './campaign-timeline.service';

/** `?format=` of the report exports: json (default) or csv; anything else is a 400 naming it. */
function exportFormat(format: string | undefined): 'json' | 'csv' {
  if (format === undefined || format === 'json' || format === 'csv') return format ?? 'json';
  throw DomainError.invalid('reports.bad_format', `invalid request: format must be json or csv (got "${format}")`, { fields: [{ field: 'format', reason: 'must be json or csv' }] });
}

function sendCsv(response: Response, name: string, csv: string): void {
  response.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}.csv"`).send(csv);
}

class RecordResponseDto {
  @ApiProperty({ example: '7K3M-9QX2-F4P' }) @IsString() @MaxLength(40) code!: string;
  @ApiPropertyOptional({ enum: RESPONSE_KINDS, default: 'coupon' }) @IsOptional() @IsIn(RESPONSE_KINDS) kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) value?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() positive?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() details?: Record<string, unknown>;
}

class CallOutcomeDto {
  @ApiProperty({ enum: CALL_OUTCOMES }) @IsIn(CALL_OUTCOMES) outcome!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

@ApiTags('tracking')
@ApiBearerAuth()
@Controller('api/v1')
export class TrackingController {
  constructor(
    private readonly reports: CampaignReportService,
    private readonly responses: ResponsesService,
    private readonly calls: CallOutcomesService,
    private readonly surveys: SurveysService,
    private readonly timeline: CampaignTimelineService,
  ) {}

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
    if (csv) sendCsv(response, `campaign-${id}-daily`, toCsv(series.days as unknown as Array<Record<string, unknown>>, [...DAILY_COLUMNS]));
    else response.json(series);
  }

  /** Treatment versus holdout per lifecycle stage, value tier and region; `?by=` keeps one of them. */
  @Get('campaigns/:id/report/breakdown')
  @RequireRole('manager')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'by', required: false, enum: BREAKDOWN_DIMENSIONS })
  async breakdown(@Param('id') id: string, @Query('format') format: string | undefined, @Query('by') by: string | undefined, @Res() response: Response) {
    const csv = exportFormat(format) === 'csv';
    if (by !== undefined && !(BREAKDOWN_DIMENSIONS as readonly string[]).includes(by)) {
      throw DomainError.invalid('reports.bad_dimension', `invalid request: by must be one of ${BREAKDOWN_DIMENSIONS.join(', ')} (got "${by}")`, { fields: [{ field: 'by', reason: `must be one of ${BREAKDOWN_DIMENSIONS.join(', ')}` }] });
    }
    const result = await this.timeline.breakdown(id);
    if (by) result.dimensions = { [by]: result.dimensions[by as BreakdownDimension] } as typeof result.dimensions;
    if (csv) sendCsv(response, `campaign-${id}-breakdown`, toCsv(Object.values(result.dimensions).flat() as unknown as Array<Record<string, unknown>>, [...BREAKDOWN_COLUMNS]));
    else response.json(result);
  }

  /** A response recorded by hand: a coupon returned by post, a reply… (same coupon twice counts once). */
  @Post('responses')
  @HttpCode(200)
  @RequireRole('marketer')
  async record(@Body() body: RecordResponseDto) {
    const recorded = await this.responses.record({
      kind: (body.kind ?? 'coupon') as 'coupon', code: body.code, value: body.value, positive: body.positive, details: body.details, source: 'api',
    });
    return { delivery_id: recorded.delivery_id, campaign_id: recorded.campaign_id, duplicate: recorded.duplicate };
  }

  /** The outcome of a call from a campaign's call list; it closes the call. */
  @Post('deliveries/:id/call-outcome')
  @HttpCode(200)
  @RequireRole('marketer')
  callOutcome(@Param('id') id: string, @Body() body: CallOutcomeDto) {
    return this.calls.record(id, body.outcome as (typeof CALL_OUTCOMES)[number], body.note, 'api');
  }

  @Get('surveys/detractors')
  @RequireRole('manager')
  detractors() {
    return this.surveys.detractors();
  }
}
