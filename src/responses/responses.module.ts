import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { PageRenderer } from '../core/http/page-renderer';
import { SignupsModule } from '../signups/signups.module';
import { CallOutcomesService } from './call-outcomes.service';
import { EmailInboundController } from './inbound/email-inbound.controller';
import { InboundRepliesService } from './inbound/inbound-replies.service';
import { ObservedResponseListener } from './observed-response.listener';
import { ResponsePagesController } from './response-pages.controller';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';
import { SurveysService } from './surveys.service';

/** What comes back from a message: coupons, replies, calls, surveys, and the opens, clicks and spam reports deliveries notice. */
@Module({
  imports: [ContactsModule, ConsentModule, SignupsModule],
  controllers: [ResponsesController, ResponsePagesController, EmailInboundController],
  providers: [
    ResponsesService,
    SurveysService,
    CallOutcomesService,
    PageRenderer,
    InboundRepliesService,
    ObservedResponseListener,
  ],
  exports: [ResponsesService, SurveysService],
})
export class ResponsesModule {}
