import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ExclusiveRunner } from '../core/database/exclusive-runner';
import { AutomationScheduler } from './automation-scheduler';

/**
 * Every minute, on one instance at a time (a PostgreSQL advisory lock): the loyalty scheduler's
 * tick. Nothing depends on the lock for correctness — occurrences are unique — it only avoids
 * duplicated work when several workers run.
 */
@Injectable()
export class AutomationSchedulerCron {
  private readonly logger = new Logger('Automations');

  constructor(
    private readonly scheduler: AutomationScheduler,
    private readonly exclusive: ExclusiveRunner,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Cron('0 * * * * *', { name: 'automations-tick' })
  async tick(): Promise<void> {
    if (!this.config.automations.scheduler) return;
    try {
      const outcome = await this.exclusive.run('relance:automations-tick', () => this.scheduler.tick(new Date()));
      if (outcome.ran && (outcome.result.due || outcome.result.queued)) {
        this.logger.log(
          `tick: ${outcome.result.due} due, ${outcome.result.queued} queued, skipped ${JSON.stringify(outcome.result.skipped)}`,
        );
      }
    } catch (error) {
      this.logger.error(`tick failed: ${(error as Error).message}`);
    }
  }
}
