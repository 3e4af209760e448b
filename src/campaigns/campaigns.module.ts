import { Module, type OnModuleInit } from '@nestjs/common';
import { Transports } from '../channels/transports';
import { ConsentModule } from '../consent/consent.module';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { DeliveryEffects } from '../deliveries/delivery-effects';
import { DeliveryPlanner } from '../deliveries/delivery-planner';
import { DispatchService } from '../deliveries/dispatch.service';
import { OutcomeRecorder } from '../deliveries/outcome-recorder';
import { PressureRules } from '../deliveries/pressure';
import { EmailSender } from '../deliveries/senders/email.sender';
import { LetterSender } from '../deliveries/senders/letter.sender';
import { PhoneSender } from '../deliveries/senders/phone.sender';
import { RecipientLoader } from '../deliveries/senders/recipient-loader';
import { SmsSender } from '../deliveries/senders/sms.sender';
import { SegmentsModule } from '../segments/segments.module';
import { TemplatesModule } from '../templates/templates.module';
import { EmailTrackingModule } from '../deliveries/tracking/email-tracking.module';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignSweeperCron } from './campaign-sweeper.cron';
import { CampaignWaiter } from './campaign-waiter';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { LaunchCampaign } from './launch-campaign.use-case';
import { ServiceMessagesService } from './service-messages.service';

@Module({
  imports: [ConsentModule, TemplatesModule, SegmentsModule, EmailTrackingModule],
  controllers: [CampaignsController],
  providers: [
    Transports, DeliveriesRepository, DeliveryEffects, DeliveryPlanner, DispatchService, OutcomeRecorder, PressureRules, RecipientLoader,
    EmailSender, SmsSender, LetterSender, PhoneSender,
    CampaignsRepository, CampaignsService, CampaignRunner, LaunchCampaign, CampaignWaiter, CampaignSweeperCron, ServiceMessagesService,
  ],
  exports: [DeliveryEffects, PressureRules, ServiceMessagesService, CampaignWaiter, CampaignsService, CampaignsRepository, CampaignRunner, DispatchService, DeliveriesRepository, DeliveryPlanner, LaunchCampaign, Transports, RecipientLoader],
})
export class CampaignsModule implements OnModuleInit {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly letter: LetterSender,
    private readonly phone: PhoneSender,
  ) {}

  onModuleInit(): void {
    for (const sender of [this.email, this.sms, this.letter, this.phone]) this.dispatch.registerSender(sender);
  }
}
