import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { RUNTIME_ROLE, type RuntimeRole } from '../core/runtime-role';
import { ExclusiveRunner } from '../core/database/exclusive-runner';
import { ComplaintEscalationService } from './complaint-escalation.service';

/** Every five minutes, on one instance: flag and escalate complaints past their due date. */
@Injectable()
export class ComplaintEscalationCron {
  private readonly logger = new Logger('Complaints');

  constructor(
    private readonly escalation: ComplaintEscalationService,
    private readonly exclusive: ExclusiveRunner,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  @Cron('0 */5 * * * *', { name: 'complaint-escalation' })
  async tick(): Promise<void> {
    if (!this.role.scheduler) return;
    try {
      await this.exclusive.run('relance:complaint-escalation', () => this.escalation.run());
    } catch (error) {
      this.logger.error(`escalation failed: ${(error as Error).message}`);
    }
  }
}
