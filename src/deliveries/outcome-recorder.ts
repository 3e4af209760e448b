import { Inject, Injectable } from '@nestjs/common';
import type { SendOutcome } from '../channels/channel.types';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import type { PreparedChannel, StepContext } from './channel-sender';
import { DeliveriesRepository, type ClaimedDelivery, type OutcomeRow } from './deliveries.repository';
import { DeliveryEffects } from './delivery-effects';
import { ACCEPTED, DeliveryState, decideOutcome } from './delivery-state';

export interface DispatchReport {
  claimed: number;
  sent: number;
  suppressed: number;
  postponed?: number;
  stoppedBecause?: string;
}

/** Why a dispatch stops handing messages over before its work is done; `pause`: the campaign pauses with `reason`. */
export interface Halt {
  reason: string;
  pause: boolean;
  /** When the claims not handed over are due again (unchanged when not given). */
  retryAt?: Date;
}

/** Outcomes that say nothing of the message or the recipient: they stay out of the error rate. */
const NOT_THE_MESSAGE = new Set<SendOutcome['status']>(['fatal', 'unreachable', 'not_sent']);

/** Only a campaign is paused when its relay is unreachable: an automation or service messages have no one to resume them. */
export function pausable(step: StepContext): boolean {
  return (step.kind ?? 'campaign') === 'campaign';
}

/**
 * Applies transport outcomes to the ledger (the state machine's decisions), suppresses hard
 * bounces, and says when the dispatch must halt: the transport is broken (fatal), unreachable,
 * or failing too often (the error-rate breaker over the last 100 messages).
 */
@Injectable()
export class OutcomeRecorder {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly effects: DeliveryEffects,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async record(
    step: StepContext,
    deliveries: ClaimedDelivery[],
    outcomes: Map<string, SendOutcome>,
    report: DispatchReport,
    recent: boolean[],
    prepared: PreparedChannel,
  ): Promise<Halt | undefined> {
    const now = new Date();
    const rows: OutcomeRow[] = [];
    let halt: Halt | undefined;
    const bounced: ClaimedDelivery[] = [];
    for (const delivery of deliveries) {
      const outcome = outcomes.get(delivery.id);
      if (!outcome) continue;
      const decision = decideOutcome(outcome, { ...delivery, pausable: pausable(step) }, now, this.config.delivery);
      rows.push({
        id: delivery.id,
        state: decision.state,
        reason: decision.reason ?? null,
        nextAttemptAt: decision.nextAttemptAt ?? null,
        uncount: decision.uncount,
        providerId: outcome.status === 'sent' ? (outcome.providerId ?? null) : null,
        messageId: prepared.messageId?.(delivery) ?? null,
        cost: outcome.status === 'sent' ? step.costPerMessage : null,
      });
      if (ACCEPTED.includes(decision.state)) report.sent++;
      if (decision.suppress) bounced.push(delivery);
      if (decision.pauseCampaign) halt ??= { reason: decision.pauseCampaign, pause: true };
      if (decision.outage) halt ??= { reason: decision.outage, pause: pausable(step), retryAt: decision.nextAttemptAt };
      if (!NOT_THE_MESSAGE.has(outcome.status)) {
        recent.push(outcome.status === 'failed' || outcome.status === 'bounced' || outcome.status === 'unknown');
        if (recent.length > 100) recent.shift();
      }
    }
    await this.deliveries.recordOutcomes(rows);
    if (bounced.length)
      await this.effects.hardBounced(
        bounced.map((d) => d.contactId),
        step.channel,
      );
    if (!halt && rows.some((row) => row.state === DeliveryState.Failed)) {
      // An automation whose last messages all failed pauses itself (automation-health.ts).
      const reason = await this.effects.failuresRecorded(step);
      if (reason) halt = { reason, pause: true };
    }
    if (!halt && recent.length >= 100) {
      const ratio = recent.filter(Boolean).length / recent.length;
      if (ratio > this.config.delivery.pauseErrorRate)
        halt = {
          reason: `error rate ${(ratio * 100).toFixed(0)} % over the last ${recent.length} messages`,
          pause: true,
        };
    }
    return halt;
  }
}
