import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../core/auth/auth.decorators';
import { AutomationReportService } from './automation-report.service';

@ApiTags('automations')
@ApiBearerAuth()
@Controller('api/v1')
export class AutomationReportsController {
  constructor(private readonly reports: AutomationReportService) {}

  /** `?from=&to=`: only the occurrences due in that period (docs/automations.md). */
  @Get('automations/:id/report')
  @RequireRole('manager')
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD: occurrences due from this day' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, included' })
  report(@Param('id') id: string, @Query('from') from?: string, @Query('to') to?: string) {
    return this.reports.reportFor(id, { from, to });
  }
}
