import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { SignupsModule } from '../signups/signups.module';
import { PageRenderer } from '../core/http/page-renderer';
import { CallOutcomesService } from './call-outcomes.service';
import { CampaignReportService } from './campaign-report.service';
import { ResponsePagesController } from './response-pages.controller';
import { ResponseHooks } from './response-hooks';
import { ResponsesService } from './responses.service';
import { SurveysService } from './surveys.service';
import { TrackingController } from './tracking.controller';
import { CampaignTimelineService } from './campaign-timeline.service';
import { EmailTrackingModule } from './email/email-tracking.module';
import { OpenClickController } from './email/open-click.controller';
import { TrackingEventsService } from './email/tracking-events.service';
import { EmailInboundController } from './inbound/email-inbound.controller';
import { InboundRepliesService } from './inbound/inbound-replies.service';

@Module({
  imports: [CampaignsModule, ConsentModule, SignupsModule, EmailTrackingModule],
  controllers: [TrackingController, ResponsePagesController, OpenClickController, EmailInboundController],
  providers: [
    CampaignReportService, ResponseHooks, ResponsesService, SurveysService, CallOutcomesService, PageRenderer, TrackingEventsService, InboundRepliesService,
    CampaignTimelineService,
  ],
  exports: [CampaignReportService, CampaignTimelineService, ResponseHooks, ResponsesService, SurveysService],
})
export class TrackingModule {}
