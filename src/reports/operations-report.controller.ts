import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { toCsv } from '../core/csv/csv-writer';
import { DomainError } from '../core/errors/domain-error';
import { OperationsProfitabilityService } from './operations-profitability.service';
import { OPERATIONS_COLUMNS, operationsCsvRows } from './operations-table';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class OperationsReportController {
  constructor(private readonly operations: OperationsProfitabilityService) {}

  /** Rentabilité des opérations (docs/kpis.md): every campaign and automation active in the period, per currency, with totals. */
  @Get('operations')
  @RequireRole('manager')
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD; default: a year before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, included; default: today' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async report(
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('format') format: string | undefined,
    @Res() response: Response,
  ) {
    if (format !== undefined && format !== 'json' && format !== 'csv')
      throw DomainError.invalid('reports.bad_format', `invalid request: format must be json or csv (got "${format}")`, {
        fields: [{ field: 'format', reason: 'must be json or csv' }],
      });
    const report = await this.operations.report({ from, to });
    if (format !== 'csv') {
      response.json(report);
      return;
    }
    response
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="operations-${report.from}-${report.to}.csv"`)
      .send(toCsv(operationsCsvRows(report.tables), [...OPERATIONS_COLUMNS]));
  }
}
