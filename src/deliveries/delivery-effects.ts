import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { SuppressionService, type SuppressionEntry } from '../consent/suppression.service';
import type { StepContext } from './channel-sender';
import { CampaignPauseRequestedEvent } from './events/campaign-pause-requested.event';
import { StepFailuresRecordedEvent } from './events/step-failures-recorded.event';

/**
 * What a delivery outcome does outside the ledger: suppress a hard-bounced address; announce a
 * campaign to pause (campaigns apply it) and failures to judge (an automation pauses itself when
 * its messages keep failing). The announcements are events the higher layers listen to.
 */
@Injectable()
export class DeliveryEffects {
  constructor(
    private readonly dataSource: DataSource,
    private readonly suppressions: SuppressionService,
    private readonly events: EventEmitter2,
  ) {}

  /** Returns once the campaign is paused. */
  async pauseCampaign(campaignId: string, reason: string): Promise<void> {
    await this.events.emitAsync(CampaignPauseRequestedEvent.event, new CampaignPauseRequestedEvent(campaignId, reason));
  }

  /** After failures were recorded for a step: the first reason a listener gives to stop sending. */
  async failuresRecorded(step: StepContext): Promise<string | undefined> {
    const reasons: unknown[] = await this.events.emitAsync(
      StepFailuresRecordedEvent.event,
      new StepFailuresRecordedEvent(step),
    );
    return reasons.find((reason): reason is string => typeof reason === 'string' && reason.length > 0);
  }

  async hardBounced(contactIds: string[], channel: string): Promise<void> {
    const rows: Array<{ email: string | null; phone: string | null }> = await this.dataSource.query(
      `SELECT email, phone FROM contacts WHERE id = ANY($1::bigint[])`,
      [contactIds],
    );
    const entries = rows.flatMap((row): SuppressionEntry[] => {
      if (channel === 'email' && row.email)
        return [{ channel: 'email', value: row.email, reason: 'hard_bounce', source: 'smtp' }];
      if (channel === 'sms' && row.phone)
        return [{ channel: 'sms', value: row.phone, reason: 'hard_bounce', source: 'sms-provider' }];
      return [];
    });
    await this.suppressions.add(entries);
  }
}
