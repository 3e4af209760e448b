import { Module } from '@nestjs/common';
import { ConsentModule } from '../../consent/consent.module';
import { PageRenderer } from '../../core/http/page-renderer';
import { OpenClickController } from './open-click.controller';
import { TemplateLinksRepository } from './template-links.repository';
import { TrackingEventsService } from './tracking-events.service';
import { TrackingPolicy } from './tracking-policy';
import { TrackingTokens } from './tracking-tokens';

/**
 * What sending a tracked e-mail needs (consent to track, tokens, the link list), used by the
 * e-mail sender, and the pixel and redirect that notice opens and clicks.
 */
@Module({
  imports: [ConsentModule],
  controllers: [OpenClickController],
  providers: [TrackingPolicy, TrackingTokens, TemplateLinksRepository, TrackingEventsService, PageRenderer],
  exports: [TrackingPolicy, TrackingTokens, TemplateLinksRepository],
})
export class EmailTrackingModule {}
