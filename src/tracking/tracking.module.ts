import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { SignupsModule } from '../signups/signups.module';
import { PageRenderer } from '../core/http/page-renderer';
import { RateLimiter } from '../core/http/rate-limiter';
import { CallOutcomesService } from './call-outcomes.service';
import { CampaignReportService } from './campaign-report.service';
import { ResponsePagesController } from './response-pages.controller';
import { ResponseHooks } from './response-hooks';
import { ResponsesService } from './responses.service';
import { SurveysService } from './surveys.service';
import { TrackingController } from './tracking.controller';

@Module({
  imports: [CampaignsModule, ConsentModule, SignupsModule],
  controllers: [TrackingController, ResponsePagesController],
  providers: [CampaignReportService, ResponseHooks, ResponsesService, SurveysService, CallOutcomesService, PageRenderer, RateLimiter],
  exports: [CampaignReportService, ResponseHooks, ResponsesService, SurveysService],
})
export class TrackingModule {}
