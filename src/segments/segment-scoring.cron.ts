import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { RUNTIME_ROLE, type RuntimeRole } from '../core/runtime-role';
import { SegmentScoringService } from './segment-scoring.service';

/** Scores older than this are refreshed when a scheduler process starts (a missed night is caught up). */
const STALE_AFTER_MS = 26 * 3600 * 1000;

/**
 * Nightly, on one instance (the job takes a database lock): recompute every contact's scores.
 * Only processes with the scheduler role (`serve`, `worker`) load the scheduler that fires it.
 */
@Injectable()
export class SegmentScoringCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scoring');

  constructor(
    private readonly scoring: SegmentScoringService,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  @Cron('40 2 * * *', { name: 'segment-scoring' })
  async nightly(): Promise<void> {
    try {
      const report = await this.scoring.tryRescore();
      if (!report) this.logger.log('scoring skipped: another process is running it');
    } catch (error) {
      this.logger.error(`scoring failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }

  /** On a scheduler's start, catch up when the last run is missing or more than a day old; never delays the start. */
  onApplicationBootstrap(): void {
    if (!this.role.scheduler) return;
    void this.scoring.lastRun().then(
      (run) => (!run || Date.now() - new Date(run.finished_at).getTime() > STALE_AFTER_MS ? this.nightly() : undefined),
      (error: Error) => this.logger.warn(`could not read the last scoring run: ${error.message}`),
    );
  }
}
