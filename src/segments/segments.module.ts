import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ConsentModule } from '../consent/consent.module';
import { BasePicturesService } from './base-pictures.service';
import { SavedSegmentsService } from './saved-segments.service';
import { SegmentCatalogueService } from './segment-catalogue.service';
import { scoringConfig } from './scoring.config';
import { SegmentPersonalData } from './segment-personal-data';
import { SegmentScoringCron } from './segment-scoring.cron';
import { SegmentScoringService } from './segment-scoring.service';
import { SegmentsController } from './segments.controller';
import { SegmentsService } from './segments.service';

/** Segments: the rule language compiled to SQL, scores and stages, saved segments, snapshots, previews. */
@Module({
  imports: [ConfigModule.forFeature(scoringConfig), ConsentModule],
  controllers: [SegmentsController],
  providers: [
    SegmentsService,
    SavedSegmentsService,
    SegmentScoringService,
    SegmentScoringCron,
    SegmentPersonalData,
    SegmentCatalogueService,
    BasePicturesService,
  ],
  exports: [SegmentsService, SavedSegmentsService, SegmentScoringService, SegmentCatalogueService, BasePicturesService],
})
export class SegmentsModule {}
