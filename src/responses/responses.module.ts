import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { TemplatesModule } from '../templates/templates.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PageRenderer } from '../core/http/page-renderer';
import { SignupsModule } from '../signups/signups.module';
import { CallOutcomesService } from './call-outcomes.service';
import { CallFileService } from './calls/call-file.service';
import { CallQueueService } from './calls/call-queue.service';
import { CallWorkService } from './calls/call-work.service';
import { CouponsService } from './coupons.service';
import { EmailInboundController } from './inbound/email-inbound.controller';
import { InboundRepliesService } from './inbound/inbound-replies.service';
import { ObservedResponseListener } from './observed-response.listener';
import { ResponsePagesController } from './response-pages.controller';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';
import { SurveysService } from './surveys.service';

/** What comes back from a message: coupons, replies, calls, surveys, and the opens, clicks and spam reports deliveries notice. */
@Module({
  imports: [ContactsModule, ConsentModule, SignupsModule, CampaignsModule, TemplatesModule],
  controllers: [ResponsesController, ResponsePagesController, EmailInboundController],
  providers: [
    ResponsesService,
    SurveysService,
    CallOutcomesService,
    PageRenderer,
    InboundRepliesService,
    ObservedResponseListener,
    CouponsService,
    CallQueueService,
    CallFileService,
    CallWorkService,
  ],
  exports: [ResponsesService, SurveysService, CouponsService, CallQueueService, CallFileService, CallWorkService],
})
export class ResponsesModule {}
