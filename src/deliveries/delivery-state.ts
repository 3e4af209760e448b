import type { DeliveryConfig } from '../core/config/relance-config';
import type { DeliveryEventType, SendOutcome } from '../channels/channel.types';

/**
 * The delivery state machine. Every transition is a compare-and-set UPDATE guarded by the
 * expected current state, so two workers can never both move the same row.
 *
 *   planned → claimed → sending → sent → delivered → bounced
 *                                 ↘ failed | unknown → delivered | bounced | failed
 *   planned/claimed → suppressed (consent or suppression re-check) | expired (too late, cancelled)
 *   sending → planned (temporary failure, retried later)
 */
export const DELIVERY_STATES = ['planned', 'claimed', 'sending', 'sent', 'delivered', 'bounced', 'failed', 'unknown', 'suppressed', 'expired'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const TRANSITIONS: Record<DeliveryState, readonly DeliveryState[]> = {
  planned: ['claimed', 'suppressed', 'expired'],
  claimed: ['sending', 'planned', 'suppressed', 'expired'],
  sending: ['sent', 'delivered', 'bounced', 'failed', 'unknown', 'planned', 'expired'],
  sent: ['delivered', 'bounced', 'failed'],
  delivered: ['bounced'],
  bounced: [],
  failed: [],
  unknown: ['delivered', 'bounced', 'failed'],
  suppressed: [],
  expired: [],
};

export function canTransition(from: DeliveryState, to: DeliveryState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Where a provider's event moves a delivery, from the states it may move it from (the
 * compare-and-set guard). A receipt for a message whose fate was `unknown` settles it; a
 * complaint proves the message arrived; a bounce may follow a "delivered" (the relay accepted,
 * the mailbox refused later). Anything else — an old receipt after a bounce, a duplicate —
 * leaves the row as it is.
 */
export const EVENT_TRANSITIONS: Record<DeliveryEventType, { to: DeliveryState; from: readonly DeliveryState[] }> = {
  delivered: { to: 'delivered', from: ['sent', 'unknown'] },
  bounced: { to: 'bounced', from: ['sent', 'delivered', 'unknown'] },
  soft_bounce: { to: 'bounced', from: ['sent', 'delivered', 'unknown'] },
  failed: { to: 'failed', from: ['sent', 'unknown'] },
  complaint: { to: 'delivered', from: ['sent', 'unknown'] },
};

export function eventTransition(type: DeliveryEventType, current: DeliveryState): DeliveryState | undefined {
  const rule = EVENT_TRANSITIONS[type];
  return rule.from.includes(current) && canTransition(current, rule.to) ? rule.to : undefined;
}

/** Exponential backoff with full jitter: base × 3^(attempt−1), capped, then a random point in [½, 1] of it. */
export function retryDelaySeconds(attempt: number, config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds'>, random = Math.random()): number {
  const exponential = Math.min(config.retryMaxSeconds, config.retryBaseSeconds * Math.pow(3, Math.max(0, attempt - 1)));
  return Math.max(1, Math.round(exponential * (0.5 + random / 2)));
}

export interface OutcomeDecision {
  state: DeliveryState;
  reason?: string;
  nextAttemptAt?: Date;
  /** Put the address on the suppression list (hard bounce). */
  suppress?: 'hard_bounce';
  /** Stop the whole campaign: the transport is misconfigured. */
  pauseCampaign?: string;
  /** The relay or provider cannot be reached: stop handing messages over (and pause a campaign). */
  outage?: string;
  /** Nothing was handed over: the attempt the claim counted does not count. */
  uncount?: boolean;
}

/**
 * What a transport outcome does to one delivery. Marketing messages are sent at most once: a
 * message whose fate is unknown is never re-sent. Service messages (acknowledgements, double
 * opt-in) are retried once with the same Message-ID, so the recipient's mailbox de-duplicates.
 * Letters and calls count as delivered when sent; so does an e-mail accepted by the relay,
 * until a bounce says otherwise. An SMS waits for the provider's delivery receipt.
 *
 * A message not handed over (relay unreachable, process stopping) goes back as it was, its
 * attempt not counted. When the relay is unreachable a campaign pauses (`pausable`: a person
 * resumes it and it goes on at once); an automation or service message has no one to resume
 * it, so the message waits on the retry schedule.
 */
export function decideOutcome(
  outcome: SendOutcome,
  delivery: { channel: string; purpose: 'marketing' | 'service'; attempts: number; createdAt: Date; pausable?: boolean },
  now: Date,
  config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds' | 'retryGiveUpHours'>,
  random = Math.random(),
): OutcomeDecision {
  switch (outcome.status) {
    case 'sent':
      return { state: delivery.channel === 'sms' ? 'sent' : 'delivered' };
    case 'bounced':
      return { state: 'bounced', reason: outcome.error, suppress: outcome.hard ? 'hard_bounce' : undefined };
    case 'failed':
      return { state: 'failed', reason: outcome.error };
    case 'fatal':
      // Not the message's fault: it goes back untouched, and the campaign stops.
      return { state: 'planned', reason: outcome.error, nextAttemptAt: now, pauseCampaign: outcome.error };
    case 'unknown':
      if (delivery.purpose === 'service' && delivery.attempts < 2) return { state: 'planned', reason: outcome.error, nextAttemptAt: now };
      return { state: 'unknown', reason: outcome.error };
    case 'not_sent':
      return { state: 'planned', reason: outcome.error, nextAttemptAt: now, uncount: true };
    case 'unreachable':
      if (delivery.pausable) return { state: 'planned', reason: outcome.error, nextAttemptAt: now, uncount: true, outage: outcome.error };
      return { ...retryLater(outcome.error, Math.max(1, delivery.attempts - 1), delivery.createdAt, now, config, random), uncount: true, outage: outcome.error };
    case 'retry':
      return retryLater(outcome.error, delivery.attempts, delivery.createdAt, now, config, random);
  }
}

function retryLater(
  error: string, attempts: number, createdAt: Date, now: Date, config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds' | 'retryGiveUpHours'>, random: number,
): OutcomeDecision {
  const next = new Date(now.getTime() + retryDelaySeconds(attempts, config, random) * 1000);
  if (next.getTime() - createdAt.getTime() > config.retryGiveUpHours * 3_600_000) return { state: 'expired', reason: `gave up after ${attempts} attempts: ${error}` };
  return { state: 'planned', reason: error, nextAttemptAt: next };
}
