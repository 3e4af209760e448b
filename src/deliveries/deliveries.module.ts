import { Module } from '@nestjs/common';
import { OutboxFiles } from '../channels/outbox-files';
import { Transports } from '../channels/transports';
import { ConsentModule } from '../consent/consent.module';
import { TemplatesModule } from '../templates/templates.module';
import { CallLists } from './call-lists';
import { CHANNEL_SENDERS } from './channel-sender';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryEffects } from './delivery-effects';
import { DeliveryErasure } from './delivery-erasure.listener';
import { DeliveryPlanner } from './delivery-planner';
import { DispatchService } from './dispatch.service';
import { MessageCampaigns } from './message-campaigns';
import { OutcomeRecorder } from './outcome-recorder';
import { PressureRules } from './pressure';
import { EmailSender } from './senders/email.sender';
import { LetterSender } from './senders/letter.sender';
import { PrintBatchFolder } from './senders/print-batch-folder';
import { PhoneSender } from './senders/phone.sender';
import { RecipientLoader } from './senders/recipient-loader';
import { SmsSender } from './senders/sms.sender';
import { EmailTrackingModule } from './tracking/email-tracking.module';

const SENDERS = [EmailSender, SmsSender, LetterSender, PhoneSender];

/**
 * The message ledger and the dispatch loop: claim due deliveries, render them through the
 * channel's sender, hand them to the transport, record the outcome. Campaigns and automations
 * plan deliveries and run steps through it.
 */
@Module({
  imports: [ConsentModule, TemplatesModule, EmailTrackingModule],
  providers: [
    Transports,
    DeliveriesRepository,
    DeliveryEffects,
    DeliveryErasure,
    DeliveryPlanner,
    DispatchService,
    OutcomeRecorder,
    PressureRules,
    RecipientLoader,
    OutboxFiles,
    PrintBatchFolder,
    CallLists,
    MessageCampaigns,
    ...SENDERS,
    { provide: CHANNEL_SENDERS, inject: SENDERS, useFactory: (...senders: unknown[]) => senders },
  ],
  exports: [
    Transports,
    DeliveriesRepository,
    DeliveryPlanner,
    DispatchService,
    PressureRules,
    RecipientLoader,
    // What the file transports, print batches and phone steps wrote, read back (the console's outbox).
    OutboxFiles,
    PrintBatchFolder,
    CallLists,
    MessageCampaigns,
  ],
})
export class DeliveriesModule {}
