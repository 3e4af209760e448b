import type { DeliveryConfig } from '../core/config/relance-config';
import type { DeliveryEventType, SendOutcome } from '../channels/channel.types';

/**
 * The delivery state machine. Every transition is a compare-and-set UPDATE guarded by the
 * expected current state, so two workers can never both move the same row.
 *
 *   planned → claimed → sending → sent → delivered → bounced
 *                                 ↘ failed | unknown → delivered | bounced | failed
 *   planned/claimed/sending → suppressed (consent or suppression re-check) | expired (too late, cancelled)
 *   sending → planned (temporary failure, retried later)
 */
export const DeliveryState = {
  Planned: 'planned',
  Claimed: 'claimed',
  Sending: 'sending',
  Sent: 'sent',
  Delivered: 'delivered',
  Bounced: 'bounced',
  Failed: 'failed',
  Unknown: 'unknown',
  Suppressed: 'suppressed',
  Expired: 'expired',
} as const;
export type DeliveryState = (typeof DeliveryState)[keyof typeof DeliveryState];
export const DELIVERY_STATES: readonly DeliveryState[] = Object.values(DeliveryState);

const { Planned, Claimed, Sending, Sent, Delivered, Bounced, Failed, Unknown, Suppressed, Expired } = DeliveryState;

export const TRANSITIONS: Record<DeliveryState, readonly DeliveryState[]> = {
  planned: [Claimed, Suppressed, Expired],
  claimed: [Sending, Planned, Suppressed, Expired],
  sending: [Sent, Delivered, Bounced, Failed, Unknown, Planned, Suppressed, Expired],
  sent: [Delivered, Bounced, Failed],
  delivered: [Bounced],
  bounced: [],
  failed: [],
  unknown: [Delivered, Bounced, Failed],
  suppressed: [],
  expired: [],
};

/** States a message has been handed over in (it counts as sent, whatever came of it). */
export const HANDED_OVER: readonly DeliveryState[] = [Sent, Delivered, Bounced, Failed, Unknown];
/** States a message is being worked on in: a provider's receipt may race the worker recording the send. */
export const IN_FLIGHT: readonly DeliveryState[] = [Claimed, Sending];
/** States not yet handed over and not settled: what a cancellation expires. */
export const NOT_HANDED_OVER: readonly DeliveryState[] = [Planned, Claimed];
/** States whose outcome is still to come: waiting, claimed, or on their way. */
export const QUEUED: readonly DeliveryState[] = [Planned, Claimed, Sending];
/** States a message handed over ends in when it did not reach the person. */
export const NOT_RECEIVED: readonly DeliveryState[] = [Bounced, Failed];
/** States that count as sent in the figures: the transport took the message. */
export const ACCEPTED: readonly DeliveryState[] = [Sent, Delivered];

/**
 * One state as a SQL literal (`'planned'`), for SQL text: the literal, not a bound parameter,
 * so the planner still matches the partial indexes written with it.
 */
export function sqlState(state: DeliveryState): string {
  return `'${state}'`;
}

/**
 * Not a ledger state: how a control-group member reads in a campaign's deliveries listing (it has
 * no delivery row; it was held back from every step).
 */
export const HELD_OUT_LISTING_STATE = 'held_out';

/** A list of states as SQL literals, for `IN (…)`. */
export function sqlStates(states: readonly DeliveryState[]): string {
  return states.map(sqlState).join(', ');
}

/**
 * The compare-and-set guard of a transition: `column = 'from'` or `column IN ('from', …)`. Every
 * state-changing UPDATE builds its guard here, so a move the state machine does not allow is
 * refused when the statement is built (at load, for the statements held in constants).
 */
export function transitionGuard(column: string, from: readonly DeliveryState[], to: readonly DeliveryState[]): string {
  for (const source of from) {
    for (const target of to) {
      if (source !== target && !canTransition(source, target))
        throw new Error(`delivery state machine: no transition ${source} → ${target}`);
    }
  }
  return from.length === 1 ? `${column} = ${sqlState(from[0])}` : `${column} IN (${sqlStates(from)})`;
}

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
  delivered: { to: Delivered, from: [Sent, Unknown] },
  bounced: { to: Bounced, from: [Sent, Delivered, Unknown] },
  soft_bounce: { to: Bounced, from: [Sent, Delivered, Unknown] },
  failed: { to: Failed, from: [Sent, Unknown] },
  complaint: { to: Delivered, from: [Sent, Unknown] },
};

export function eventTransition(type: DeliveryEventType, current: DeliveryState): DeliveryState | undefined {
  const rule = EVENT_TRANSITIONS[type];
  return rule.from.includes(current) && canTransition(current, rule.to) ? rule.to : undefined;
}

/** Exponential backoff with full jitter: base × 3^(attempt−1), capped, then a random point in [½, 1] of it. */
export function retryDelaySeconds(
  attempt: number,
  config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds'>,
  random = Math.random(),
): number {
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
  delivery: {
    channel: string;
    purpose: 'marketing' | 'service';
    attempts: number;
    createdAt: Date;
    pausable?: boolean;
  },
  now: Date,
  config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds' | 'retryGiveUpHours'>,
  random = Math.random(),
): OutcomeDecision {
  switch (outcome.status) {
    case 'sent':
      return { state: delivery.channel === 'sms' ? Sent : Delivered };
    case 'bounced':
      return { state: Bounced, reason: outcome.error, suppress: outcome.hard ? 'hard_bounce' : undefined };
    case 'failed':
      return { state: Failed, reason: outcome.error };
    case 'fatal':
      // Not the message's fault: it goes back untouched, and the campaign stops.
      return { state: Planned, reason: outcome.error, nextAttemptAt: now, pauseCampaign: outcome.error };
    case 'unknown':
      if (delivery.purpose === 'service' && delivery.attempts < 2)
        return { state: Planned, reason: outcome.error, nextAttemptAt: now };
      return { state: Unknown, reason: outcome.error };
    case 'not_sent':
      return { state: Planned, reason: outcome.error, nextAttemptAt: now, uncount: true };
    case 'unreachable':
      if (delivery.pausable)
        return { state: Planned, reason: outcome.error, nextAttemptAt: now, uncount: true, outage: outcome.error };
      return {
        ...retryLater(outcome.error, Math.max(1, delivery.attempts - 1), delivery.createdAt, now, config, random),
        uncount: true,
        outage: outcome.error,
      };
    case 'retry':
      return retryLater(outcome.error, delivery.attempts, delivery.createdAt, now, config, random);
  }
}

function retryLater(
  error: string,
  attempts: number,
  createdAt: Date,
  now: Date,
  config: Pick<DeliveryConfig, 'retryBaseSeconds' | 'retryMaxSeconds' | 'retryGiveUpHours'>,
  random: number,
): OutcomeDecision {
  const next = new Date(now.getTime() + retryDelaySeconds(attempts, config, random) * 1000);
  if (next.getTime() - createdAt.getTime() > config.retryGiveUpHours * 3_600_000)
    return { state: Expired, reason: `gave up after ${attempts} attempts: ${error}` };
  return { state: Planned, reason: error, nextAttemptAt: next };
}
