import { Module, type OnModuleInit } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PageRenderer } from '../core/http/page-renderer';
import { PrivacyModule } from '../privacy/privacy.module';
import { PrivacyService } from '../privacy/privacy.service';
import { ReportsModule } from '../reports/reports.module';
import { TemplatesModule } from '../templates/templates.module';
import { ResponseHooks } from '../tracking/response-hooks';
import { TrackingModule } from '../tracking/tracking.module';
import { ComplaintContacts } from './complaint-contacts';
import { ComplaintDashboardService } from './complaint-dashboard.service';
import { ComplaintEscalationCron } from './complaint-escalation.cron';
import { ComplaintEscalationService } from './complaint-escalation.service';
import { ComplaintFollowUp } from './complaint-follow-up';
import { ComplaintFormController } from './complaint-form.controller';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintLedger } from './complaint-ledger';
import { ComplaintPersonalData } from './complaint-personal-data';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import { ComplaintWebhooksController } from './complaint-webhooks.controller';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import { complaintsConfig } from './complaints.config';
import { ComplaintsController } from './complaints.controller';

/** Complaints (réclamations): intake from every channel, the six-phase workflow, follow-up, escalation, dashboard. */
@Module({
  imports: [ConfigModule.forFeature(complaintsConfig), CampaignsModule, ContactsModule, TemplatesModule, TrackingModule, PrivacyModule, ReportsModule],
  controllers: [ComplaintsController, ComplaintFormController, ComplaintWebhooksController],
  providers: [
    ComplaintContacts, ComplaintLedger, ComplaintIntakeService, ComplaintWorkflowService, ComplaintFollowUp, ComplaintQueriesService, ComplaintSourcesService,
    ComplaintDashboardService, ComplaintEscalationService, ComplaintEscalationCron, ComplaintPersonalData, PageRenderer,
  ],
  exports: [ComplaintIntakeService, ComplaintWorkflowService, ComplaintQueriesService, ComplaintDashboardService, ComplaintEscalationService, ComplaintSourcesService],
})
export class ComplaintsModule implements OnModuleInit {
  constructor(
    private readonly hooks: ResponseHooks,
    private readonly sources: ComplaintSourcesService,
    private readonly privacy: PrivacyService,
    private readonly personalData: ComplaintPersonalData,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (response) => {
      await this.sources.fromCoupon(response);
    });
    this.privacy.register(this.personalData);
  }
}
