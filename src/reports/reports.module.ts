import { Global, Module } from '@nestjs/common';
import { AutomationsModule } from '../automations/automations.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { COMPLAINT_DASHBOARD } from '../complaints/complaint-dashboard';
import { AutomationReportService } from './automation-report.service';
import { AutomationReportsController } from './automation-reports.controller';
import { CampaignReportService } from './campaign-report.service';
import { CampaignReportsController } from './campaign-reports.controller';
import { CampaignSummaryService } from './campaign-summary.service';
import { CampaignTimelineService } from './campaign-timeline.service';
import { ComplaintDashboardService } from './complaint-dashboard.service';
import { OperationsProfitabilityService } from './operations-profitability.service';
import { OperationsReportController } from './operations-report.controller';
import { PeriodFigures } from './period-figures';
import { ProgrammeKpiCache } from './programme-kpi-cache';
import { ProgrammeKpiSeries } from './programme-kpi-series';
import { ProgrammeKpisService } from './programme-kpis.service';
import { ReportsController } from './reports.controller';

/**
 * Campaign, automation and programme-wide reports, and the period sums they share. Global only so
 * the complaints module, below it, gets its dashboard through COMPLAINT_DASHBOARD without importing it.
 */
@Global()
@Module({
  imports: [CampaignsModule, AutomationsModule],
  controllers: [ReportsController, CampaignReportsController, AutomationReportsController, OperationsReportController],
  providers: [
    PeriodFigures,
    ProgrammeKpisService,
    ProgrammeKpiSeries,
    ProgrammeKpiCache,
    CampaignReportService,
    CampaignTimelineService,
    CampaignSummaryService,
    AutomationReportService,
    ComplaintDashboardService,
    OperationsProfitabilityService,
    { provide: COMPLAINT_DASHBOARD, useExisting: ComplaintDashboardService },
  ],
  exports: [
    PeriodFigures,
    ProgrammeKpisService,
    ProgrammeKpiSeries,
    ProgrammeKpiCache,
    CampaignReportService,
    CampaignTimelineService,
    CampaignSummaryService,
    AutomationReportService,
    OperationsProfitabilityService,
    COMPLAINT_DASHBOARD,
    ComplaintDashboardService,
  ],
})
export class ReportsModule {}
