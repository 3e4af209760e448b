import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { SegmentsModule } from '../segments/segments.module';
import { TemplatesModule } from '../templates/templates.module';
import { CampaignPreflightService } from './campaign-preflight.service';
import { CampaignTemplateChoices } from './campaign-template-choices.service';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignSweeperCron } from './campaign-sweeper.cron';
import { CampaignWaiter } from './campaign-waiter';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { LaunchCampaign } from './launch-campaign.use-case';
import { ServiceMessagesService } from './service-messages.service';

@Module({
  imports: [ConsentModule, TemplatesModule, SegmentsModule, DeliveriesModule],
  controllers: [CampaignsController],
  providers: [
    CampaignsRepository,
    CampaignAudienceRepository,
    CampaignsService,
    CampaignRunner,
    LaunchCampaign,
    CampaignWaiter,
    CampaignSweeperCron,
    ServiceMessagesService,
    CampaignPreflightService,
    CampaignTemplateChoices,
  ],
  exports: [
    CampaignTemplateChoices,
    CampaignPreflightService,
    CampaignAudienceRepository,
    ServiceMessagesService,
    CampaignWaiter,
    CampaignsService,
    CampaignsRepository,
    CampaignRunner,
    LaunchCampaign,
  ],
})
export class CampaignsModule {}
