import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ImportsModule } from '../imports/imports.module';
import { SegmentsModule } from '../segments/segments.module';
import { TrackingModule } from '../tracking/tracking.module';
import { DemoJobService } from './demo-job.service';
import { DemoService } from './demo.service';

@Module({
  imports: [ContactsModule, ImportsModule, SegmentsModule, CampaignsModule, TrackingModule],
  providers: [DemoService, DemoJobService],
  exports: [DemoService],
})
export class DemoModule {}
