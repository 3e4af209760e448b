import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SuppressionService, type SuppressionEntry } from '../consent/suppression.service';
import type { StepContext } from './channel-sender';

/** Judges a step's failures once recorded: a reason to stop sending, or undefined. */
export type FailureJudge = (step: StepContext) => Promise<string | undefined>;

/**
 * What a delivery outcome does outside the ledger: suppress a hard-bounced address, pause a
 * campaign whose transport is broken, let the owner of a campaign judge its failures (an
 * automation pauses itself when its messages keep failing). The campaigns and automations
 * modules register here.
 */
@Injectable()
export class DeliveryHooks {
  private pauseHandler?: (campaignId: string, reason: string) => Promise<void>;
  private readonly failureJudges: FailureJudge[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly suppressions: SuppressionService,
  ) {}

  onPause(handler: (campaignId: string, reason: string) => Promise<void>): void {
    this.pauseHandler = handler;
  }

  async pauseCampaign(campaignId: string, reason: string): Promise<void> {
    if (this.pauseHandler) await this.pauseHandler(campaignId, reason);
  }

  onFailures(judge: FailureJudge): void {
    this.failureJudges.push(judge);
  }

  /** After failures were recorded for a step: the first reason a judge gives to stop sending. */
  async failuresRecorded(step: StepContext): Promise<string | undefined> {
    for (const judge of this.failureJudges) {
      const reason = await judge(step);
      if (reason) return reason;
    }
    return undefined;
  }

  async hardBounced(contactIds: string[], channel: string): Promise<void> {
    const rows: Array<{ email: string | null; phone: string | null }> = await this.dataSource.query(
      `SELECT email, phone FROM contacts WHERE id = ANY($1::bigint[])`,
      [contactIds],
    );
    const entries = rows.flatMap((row): SuppressionEntry[] => {
      if (channel === 'email' && row.email) return [{ channel: 'email', value: row.email, reason: 'hard_bounce', source: 'smtp' }];
      if (channel === 'sms' && row.phone) return [{ channel: 'sms', value: row.phone, reason: 'hard_bounce', source: 'sms-provider' }];
      return [];
    });
    await this.suppressions.add(entries);
  }
}
