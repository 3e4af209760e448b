import { Module, type OnModuleInit } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConsentModule } from '../consent/consent.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { PrivacyService } from '../privacy/privacy.service';
import { SavedSegmentsService } from './saved-segments.service';
import { scoringConfig } from './scoring.config';
import { SegmentPersonalData } from './segment-personal-data';
import { SegmentScoringCron } from './segment-scoring.cron';
import { SegmentScoringService } from './segment-scoring.service';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

/** Segments: the rule language compiled to SQL, scores and stages, saved segments, snapshots, previews. */
@Module({
  imports: [ConfigModule.forFeature(scoringConfig), ConsentModule, PrivacyModule],
  controllers: [SegmentsController],
  providers: [SegmentsService, SavedSegmentsService, SegmentScoringService, SegmentScoringCron, SegmentPersonalData],
  exports: [SegmentsService, SavedSegmentsService, SegmentScoringService],
})
export class SegmentsModule implements OnModuleInit {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly personalData: SegmentPersonalData,
  ) {}

  onModuleInit(): void {
    this.privacy.register(this.personalData);
  }
}
