import type { DeliveryState } from './delivery-state';

/**
 * The rows the delivery ledger reads and writes, and their mapping between PostgreSQL's
 * snake_case columns and the camelCase the callers use. `DeliveriesRepository` re-exports the types.
 */

export interface ClaimedDelivery {
  id: string;
  campaignId: string;
  stepId: string;
  contactId: string;
  channel: string;
  purpose: 'marketing' | 'service';
  responseCode: string;
  messageId: string | null;
  attempts: number;
  createdAt: Date;
  data: Record<string, unknown> | null;
}

export interface PlannedRows {
  campaignId: string;
  stepId: string;
  codes: string[];
  channel: string;
  purpose: 'marketing' | 'service';
  notBefore: Date;
  expiresAt: Date | null;
}

export interface ServiceMessageRow {
  campaignId: string;
  stepId: string;
  contactId: string;
  occurrence: string;
  channel: string;
  responseCode: string;
  /** JSON text. */
  data: string;
  notBefore: Date | null;
}

export interface AutomationMessages {
  campaignId: string;
  stepId: string;
  channel: string;
  /** The tick's instant. */
  at: Date;
  expireAfterDays: number;
  occurrences: Array<{
    contactId: string;
    occurrence: string;
    responseCode: string;
    due: Date;
    data: Record<string, unknown> | null | undefined;
  }>;
}

export interface AddedOccurrence {
  id: string;
  occurrence: string;
  contact_id: string;
}

/** A row of `LOCK_DUE_SQL`, as PostgreSQL gives it. */
export interface ClaimRow {
  id: string;
  campaign_id: string;
  step_id: string;
  contact_id: string;
  channel: string;
  purpose: 'marketing' | 'service';
  response_code: string;
  message_id: string | null;
  attempts: number;
  created_at: Date;
  data: Record<string, unknown> | null;
}

export function claimedDelivery(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    stepId: row.step_id,
    contactId: row.contact_id,
    channel: row.channel,
    purpose: row.purpose,
    responseCode: row.response_code,
    messageId: row.message_id,
    attempts: row.attempts,
    createdAt: row.created_at,
    data: row.data,
  };
}

export interface OutcomeRow {
  id: string;
  state: DeliveryState;
  reason?: string | null;
  providerId?: string | null;
  nextAttemptAt?: Date | null;
  messageId?: string | null;
  cost?: number | null;
  /** Nothing was handed over: the attempt counted by the claim is taken back. */
  uncount?: boolean;
}

/** `RECORD_OUTCOMES_SQL`'s JSON parameter: one object per outcome, every optional column spelled out. */
export function outcomeValues(outcomes: OutcomeRow[]) {
  return outcomes.map((o) => ({
    id: o.id,
    state: o.state,
    reason: o.reason ?? null,
    provider_id: o.providerId ?? null,
    next_attempt_at: o.nextAttemptAt ?? null,
    message_id: o.messageId ?? null,
    cost: o.cost ?? null,
    uncount: o.uncount ?? false,
  }));
}
