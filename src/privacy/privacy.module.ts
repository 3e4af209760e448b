import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { MessagingPersonalData } from './messaging-personal-data';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { RetentionCron } from './retention.cron';

@Module({
  imports: [ConsentModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, RetentionCron, MessagingPersonalData],
  exports: [PrivacyService],
})
export class PrivacyModule {}
