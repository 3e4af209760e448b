import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { modifyReturning } from '../core/database/query-rows';
import { DeliveryState, HANDED_OVER } from '../deliveries/delivery-state';
import { StepFailuresRecordedEvent } from '../deliveries/events/step-failures-recorded.event';

/** This many messages in a row failing pause the automation (see `judge`). */
export const FAILURES_BEFORE_PAUSE = 3;

/** States in which a message's attempt is over: what the rule looks at. */
const FINISHED_STATES = HANDED_OVER;

/**
 * An automation whose messages keep failing pauses itself and says why, instead of failing every
 * occurrence quietly: a template that cannot render without data the automation lacks, a
 * transport that refuses its messages. The rule: the last `FAILURES_BEFORE_PAUSE` messages of the
 * automation that were attempted since it was last saved or resumed all failed. A systematic
 * fault fails every message, so it trips at the third; a problem of one contact's data rarely
 * fails three in a row. Resuming (`automation resume`) starts the count again.
 */
@Injectable()
export class AutomationHealth {
  private readonly logger = new Logger('Automations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
  ) {}

  @OnEvent(StepFailuresRecordedEvent.event, { suppressErrors: false })
  judgeStep({ step }: StepFailuresRecordedEvent): Promise<string | undefined> {
    return step.kind === 'automation' ? this.judge(step.campaignId) : Promise.resolve(undefined);
  }

  /** Pauses the automation of this campaign when its last messages all failed; returns the reason. */
  async judge(campaignId: string): Promise<string | undefined> {
    const [automation]: Array<{ id: string; name: string; status: string; updated_at: Date }> =
      await this.dataSource.query(`SELECT id, name, status, updated_at FROM automations WHERE campaign_id = $1`, [
        campaignId,
      ]);
    if (!automation || automation.status !== 'active') return undefined;
    const recent: Array<{ state: string; reason: string | null }> = await this.dataSource.query(
      `SELECT state, reason FROM deliveries
       WHERE campaign_id = $1 AND state = ANY($2::text[]) AND updated_at >= $3
       ORDER BY updated_at DESC, id DESC LIMIT $4`,
      [campaignId, FINISHED_STATES, automation.updated_at, FAILURES_BEFORE_PAUSE],
    );
    if (recent.length < FAILURES_BEFORE_PAUSE || recent.some((delivery) => delivery.state !== DeliveryState.Failed))
      return undefined;
    const reason = `paused by itself: its last ${FAILURES_BEFORE_PAUSE} messages failed (latest: ${recent[0].reason ?? 'no reason given'})`;
    await this.pause(automation, campaignId, reason);
    return reason;
  }

  private async pause(automation: { id: string; name: string }, campaignId: string, reason: string): Promise<void> {
    const paused = await this.dataSource.transaction(async (manager) => {
      const rows = await modifyReturning(
        manager,
        `UPDATE automations SET status = 'paused', updated_at = now() WHERE id = $1 AND status = 'active' RETURNING id`,
        [automation.id],
      );
      if (!rows.length) return false; // paused meanwhile (by a user, or by another worker's judgement)
      await this.campaigns.moveTo(campaignId, 'paused', reason, manager);
      return true;
    });
    if (paused)
      this.logger.warn(
        `automation "${automation.name}" (${automation.id}) ${reason}; fix the cause, then: relance automation resume ${automation.id}`,
      );
  }
}
