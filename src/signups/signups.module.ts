import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { SignupsController } from './signups.controller';
import { SignupsService } from './signups.service';

@Module({
  imports: [ConsentModule, ContactsModule, CampaignsModule],
  controllers: [SignupsController],
  providers: [SignupsService],
  exports: [SignupsService],
})
export class SignupsModule {}
