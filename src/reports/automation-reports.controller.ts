import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../core/auth/auth.decorators';
import { AutomationReportService } from './automation-report.service';

@ApiTags('automations')
@ApiBearerAuth()
@Controller('api/v1')
export class AutomationReportsController {
  constructor(private readonly reports: AutomationReportService) {}

  @Get('automations/:id/report')
  @RequireRole('manager')
  report(@Param('id') id: string) {
    return this.reports.report(id);
  }
}
