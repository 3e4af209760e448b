import { Module } from '@nestjs/common';
import { ConsentModule } from '../../consent/consent.module';
import { TemplateLinksRepository } from './template-links.repository';
import { TrackingPolicy } from './tracking-policy';
import { TrackingTokens } from './tracking-tokens';

/** What sending a tracked e-mail needs (consent to track, tokens, the link list); used by the e-mail sender and the redirect. */
@Module({
  imports: [ConsentModule],
  providers: [TrackingPolicy, TrackingTokens, TemplateLinksRepository],
  exports: [TrackingPolicy, TrackingTokens, TemplateLinksRepository],
})
export class EmailTrackingModule {}
