import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { PageRenderer } from '../core/http/page-renderer';
import { ConsentApiService } from './consent-api.service';
import { ConsentEventsRepository } from './consent-events.repository';
import { consentPolicyProvider } from './consent-policy.provider';
import { CONSENT_POLICY } from './consent-policy';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { SmsStopHandler } from './sms-stop.handler';
import { SuppressionService } from './suppression.service';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-links';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';
import { InboundSmsDispatcher } from './webhooks/inbound-sms';
import { SmsInboundController } from './webhooks/sms-inbound.controller';

@Module({
  imports: [ContactsModule],
  controllers: [ConsentController, UnsubscribeController, SmsInboundController],
  providers: [
    consentPolicyProvider,
    ConsentService,
    ConsentApiService,
    ConsentEventsRepository,
    SuppressionService,
    UnsubscribeLinks,
    UnsubscribeService,
    InboundSmsDispatcher,
    SmsStopHandler,
    PageRenderer,
  ],
  exports: [
    CONSENT_POLICY,
    ConsentService,
    ConsentApiService,
    ConsentEventsRepository,
    SuppressionService,
    UnsubscribeLinks,
    InboundSmsDispatcher,
  ],
})
export class ConsentModule {}
