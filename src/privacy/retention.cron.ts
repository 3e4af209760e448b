import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ExclusiveRunner } from '../core/database/exclusive-runner';
import { PrivacyService } from './privacy.service';

/** Nightly, on one instance: flag (and, when enabled, purge) prospects past the retention period. */
@Injectable()
export class RetentionCron {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly privacy: PrivacyService,
    private readonly exclusive: ExclusiveRunner,
  ) {}

  @Cron('17 3 * * *', { name: 'retention' })
  async nightly(): Promise<void> {
    const outcome = await this.exclusive.run('relance:retention', () => this.privacy.retention());
    if (outcome.ran)
      this.logger.log(`retention: ${outcome.result.flagged} prospects flagged, ${outcome.result.purged} purged`);
  }
}
