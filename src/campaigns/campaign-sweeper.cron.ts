import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { RUNTIME_ROLE, type RuntimeRole } from '../core/runtime-role';
import { ExclusiveRunner } from '../core/database/exclusive-runner';
import { CampaignRunner } from './campaign-runner.service';

/** Every 15 seconds, on one instance: recover expired claims, start due steps, re-kick idle work, settle. */
@Injectable()
export class CampaignSweeperCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('Campaigns');

  constructor(
    private readonly runner: CampaignRunner,
    private readonly exclusive: ExclusiveRunner,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  /** A restarted worker picks up at once what a crashed one left. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.role.scheduler) await this.sweep();
  }

  @Cron('*/15 * * * * *', { name: 'campaign-sweep' })
  async sweep(): Promise<void> {
    try {
      await this.exclusive.run('relance:campaign-sweep', () => this.runner.sweep());
    } catch (error) {
      this.logger.error(`sweep failed: ${(error as Error).message}`);
    }
  }
}
