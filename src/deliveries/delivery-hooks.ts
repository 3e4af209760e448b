import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SuppressionService, type SuppressionEntry } from '../consent/suppression.service';

/**
 * What a delivery outcome does outside the ledger: suppress a hard-bounced address, pause a
 * campaign whose transport is broken. (The campaigns module owns pausing; it registers here.)
 */
@Injectable()
export class DeliveryHooks {
  private pauseHandler?: (campaignId: string, reason: string) => Promise<void>;

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
