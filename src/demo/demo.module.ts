import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ImportsModule } from '../imports/imports.module';
import { SegmentsModule } from '../segments/segments.module';
import { ReportsModule } from '../reports/reports.module';
import { ResponsesModule } from '../responses/responses.module';
import { DemoJobService } from './demo-job.service';
import { DemoService } from './demo.service';

@Module({
  imports: [ContactsModule, ImportsModule, SegmentsModule, CampaignsModule, ResponsesModule, ReportsModule],
  providers: [DemoService, DemoJobService],
  exports: [DemoService],
})
export class DemoModule {}
