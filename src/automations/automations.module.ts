import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { SegmentsModule } from '../segments/segments.module';
import { TemplatesModule } from '../templates/templates.module';
import { AutomationHealth } from './automation-health';
import { AutomationScheduler } from './automation-scheduler';
import { AutomationSchedulerCron } from './automation-scheduler.cron';
import { AutomationUpcoming } from './automation-upcoming';
import { AutomationsController } from './automations.controller';
import { AutomationsService } from './automations.service';

@Module({
  imports: [CampaignsModule, DeliveriesModule, ConsentModule, ContactsModule, SegmentsModule, TemplatesModule],
  controllers: [AutomationsController],
  providers: [AutomationsService, AutomationHealth, AutomationScheduler, AutomationSchedulerCron, AutomationUpcoming],
  exports: [AutomationsService, AutomationScheduler, AutomationUpcoming],
})
export class AutomationsModule {}
