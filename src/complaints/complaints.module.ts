import { ComplaintBoardService } from './complaint-board.service';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { PageRenderer } from '../core/http/page-renderer';
import { TemplatesModule } from '../templates/templates.module';
import { ComplaintContacts } from './complaint-contacts';
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
  imports: [
    ConfigModule.forFeature(complaintsConfig),
    CampaignsModule,
    DeliveriesModule,
    ContactsModule,
    TemplatesModule,
  ],
  controllers: [ComplaintsController, ComplaintFormController, ComplaintWebhooksController],
  providers: [
    ComplaintContacts,
    ComplaintLedger,
    ComplaintIntakeService,
    ComplaintWorkflowService,
    ComplaintFollowUp,
    ComplaintQueriesService,
    ComplaintSourcesService,
    ComplaintEscalationService,
    ComplaintEscalationCron,
    ComplaintBoardService,
    ComplaintPersonalData,
    PageRenderer,
  ],
  exports: [
    ComplaintIntakeService,
    ComplaintWorkflowService,
    ComplaintQueriesService,
    ComplaintEscalationService,
    ComplaintSourcesService,
    ComplaintBoardService,
  ],
})
export class ComplaintsModule {}
