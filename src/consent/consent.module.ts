import { Module, type OnModuleInit } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { PageRenderer } from '../core/http/page-renderer';
import { ImportService } from '../imports/import.service';
import { ImportsModule } from '../imports/imports.module';
import { ConsentApiService } from './consent-api.service';
import { ConsentEventsRepository } from './consent-events.repository';
import { consentPolicyProvider } from './consent-policy.provider';
import { CONSENT_POLICY } from './consent-policy';
import { ConsentController } from './consent.controller';
import { ConsentService } from './consent.service';
import { ConsentsImporter } from './importers/consents.importer';
import { DoNotCallImporter, SuppressionsImporter } from './importers/suppressions.importer';
import { SmsStopHandler } from './sms-stop.handler';
import { SuppressionService } from './suppression.service';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-links';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';
import { InboundSmsHandlers } from './webhooks/inbound-sms';
import { SmsInboundController } from './webhooks/sms-inbound.controller';

@Module({
  imports: [ContactsModule, ImportsModule],
  controllers: [ConsentController, UnsubscribeController, SmsInboundController],
  providers: [
    consentPolicyProvider, ConsentService, ConsentApiService, ConsentEventsRepository, SuppressionService, UnsubscribeLinks, UnsubscribeService,
    InboundSmsHandlers, SmsStopHandler, ConsentsImporter, SuppressionsImporter, DoNotCallImporter, PageRenderer,
  ],
  exports: [CONSENT_POLICY, ConsentService, ConsentEventsRepository, SuppressionService, UnsubscribeLinks, InboundSmsHandlers],
})
export class ConsentModule implements OnModuleInit {
  constructor(
    private readonly imports: ImportService,
    private readonly consents: ConsentsImporter,
    private readonly suppressions: SuppressionsImporter,
    private readonly doNotCall: DoNotCallImporter,
  ) {}

  onModuleInit(): void {
    this.imports.register(this.consents);
    this.imports.register(this.suppressions);
    this.imports.register(this.doNotCall);
  }
}
