import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { modifyReturning } from '../core/database/query-rows';
import {
  ADD_SERVICE_MESSAGE_SQL,
  APPLY_EVENT_SQL,
  ATTACH_CALL_SCRIPTS_SQL,
  BEGIN_SENDING_SQL,
  ERASE_PERSONAL_DATA_SQL,
  EXPIRE_NOT_HANDED_OVER_SQL,
  LOCK_DUE_SQL,
  MARK_CLAIMED_SQL,
  MARK_SUPPRESSED_SQL,
  RECORD_OUTCOMES_SQL,
  RECOVER_EXPIRED_LEASES_SQL,
  RELEASE_SQL,
  addAutomationMessagesSql,
  planStepSql,
  postponeHeldSql,
  refuseSendingSql,
} from './deliveries.sql';
import {
  claimedDelivery,
  outcomeValues,
  type AddedOccurrence,
  type AutomationMessages,
  type ClaimRow,
  type ClaimedDelivery,
  type OutcomeRow,
  type PlannedRows,
  type ServiceMessageRow,
} from './deliveries.rows';
import { canTransition, type DeliveryState } from './delivery-state';

export { BEGIN_SENDING_SQL, LOCK_DUE_SQL, refuseSendingSql } from './deliveries.sql';
export type {
  AddedOccurrence,
  AutomationMessages,
  ClaimedDelivery,
  OutcomeRow,
  PlannedRows,
  ServiceMessageRow,
} from './deliveries.rows';

/**
 * The delivery ledger: the one writer of `deliveries` (planning, claims, compare-and-set
 * transitions, lease recovery, provider events, erasure). Its statements are in `deliveries.sql.ts`.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks up to `limit` due rows of a step that no other worker holds (SKIP LOCKED), in id
   * order (an index range scan, never OFFSET). The caller decides, in the same transaction,
   * which become `claimed` and which `suppressed`.
   */
  async lockDue(manager: EntityManager, stepId: string, limit: number): Promise<ClaimedDelivery[]> {
    const rows: ClaimRow[] = await manager.query(LOCK_DUE_SQL, [stepId, limit]);
    return rows.map(claimedDelivery);
  }

  async markClaimed(manager: EntityManager, ids: string[], worker: string, leaseSeconds: number): Promise<void> {
    if (!ids.length) return;
    await manager.query(MARK_CLAIMED_SQL, [ids, worker, leaseSeconds]);
  }

  async markSuppressed(manager: EntityManager, refusals: Array<{ id: string; reason: string }>): Promise<void> {
    if (!refusals.length) return;
    await manager.query(MARK_SUPPRESSED_SQL, [refusals.map((r) => r.id), refusals.map((r) => r.reason)]);
  }

  /**
   * claimed → sending, for the messages about to be handed to a transport, then consent and
   * suppression checked again (the SQL twin of canContact) in a statement of its own: rows
   * refused now become `suppressed` with their reason. Returns the rows that may be sent. A crash
   * between the two statements leaves rows in `sending` that never reached a transport: they end
   * `unknown` (never sent twice), like any message interrupted while being handed over.
   */
  async beginSending(
    ids: string[],
    worker: string,
    reachability: string,
    leaseSeconds: number,
  ): Promise<{ sending: Set<string>; suppressed: number }> {
    const handed = await modifyReturning<{ id: string; purpose: string }>(this.dataSource.manager, BEGIN_SENDING_SQL, [
      ids,
      worker,
      leaseSeconds,
    ]);
    const marketing = handed.filter((row) => row.purpose !== 'service').map((row) => row.id);
    const refused = marketing.length
      ? await modifyReturning<{ id: string }>(this.dataSource.manager, refuseSendingSql(reachability), [
          marketing,
          worker,
        ])
      : [];
    const sending = new Set(handed.map((row) => row.id));
    for (const { id } of refused) sending.delete(id);
    return { sending, suppressed: refused.length };
  }

  /** Records transport outcomes (sending → sent | delivered | bounced | failed | unknown | planned | expired). */
  async recordOutcomes(outcomes: OutcomeRow[]): Promise<void> {
    if (!outcomes.length) return;
    await this.dataSource.query(RECORD_OUTCOMES_SQL, [JSON.stringify(outcomeValues(outcomes))]);
  }

  /**
   * Gives claimed-but-unsent rows back (pause, shutdown, outage), due again at `notBefore`
   * (unchanged when not given). Never handed over: the attempt the claim counted is taken back.
   */
  async release(ids: string[], worker: string, notBefore?: Date): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(RELEASE_SQL, [ids, worker, notBefore ?? null]);
  }

  /**
   * After a crash: claims past their lease go back to `planned` (never handed over: their attempt
   * does not count); rows found in `sending` past
   * their lease become `unknown` — never re-sent for marketing — while service messages are
   * retried once with the same Message-ID.
   */
  async recoverExpiredLeases(): Promise<{ released: number; unknown: number; retried: number }> {
    const [result]: Array<{ released: number; unknown: number; retried: number }> =
      await this.dataSource.query(RECOVER_EXPIRED_LEASES_SQL);
    return result;
  }

  async counts(campaignId: string): Promise<Record<string, number>> {
    const rows: Array<{ state: string; n: number }> = await this.dataSource.query(
      `SELECT state, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY state`,
      [campaignId],
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }

  /** Plans a step's rows for `candidates` (see `planStepSql`); returns how many were added. */
  async planStep(manager: EntityManager, candidates: string, plan: PlannedRows): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await manager.query(planStepSql(candidates), [
      plan.campaignId,
      plan.stepId,
      plan.codes,
      plan.channel,
      plan.purpose,
      plan.notBefore,
      plan.expiresAt,
    ]);
    return n;
  }

  /** Adds one service message; undefined when its (step, contact, occurrence) exists. Fails on a response code drawn twice (23505). */
  async addServiceMessage(manager: EntityManager, message: ServiceMessageRow): Promise<string | undefined> {
    const added: Array<{ id: string }> = await manager.query(ADD_SERVICE_MESSAGE_SQL, [
      message.campaignId,
      message.stepId,
      message.contactId,
      message.occurrence,
      message.channel,
      message.responseCode,
      message.data,
      message.notBefore,
    ]);
    return added[0]?.id;
  }

  async findOccurrence(
    manager: EntityManager,
    stepId: string,
    contactId: string,
    occurrence: string,
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id::text FROM deliveries WHERE step_id = $1 AND contact_id = $2 AND occurrence = $3`,
      [stepId, contactId, occurrence],
    );
    return rows[0]?.id;
  }

  /** Adds an automation's messages (see `addAutomationMessagesSql`); returns the rows created. */
  async addAutomationMessages(
    manager: EntityManager,
    hold: { release: string; reason: string },
    batch: AutomationMessages,
  ): Promise<AddedOccurrence[]> {
    const { occurrences: rows } = batch;
    return manager.query(addAutomationMessagesSql(hold.release, hold.reason), [
      batch.campaignId,
      batch.stepId,
      batch.channel,
      rows.map((r) => r.contactId),
      rows.map((r) => r.occurrence),
      rows.map((r) => r.responseCode),
      rows.map((r) => r.due),
      batch.at,
      batch.expireAfterDays,
      rows.map((r) => JSON.stringify(r.data ?? {})),
    ]);
  }

  /** Rows held by the pressure rules at claim time are postponed (or expire); returns their ids. */
  async postponeHeld(
    manager: EntityManager,
    ids: string[],
    hold: { release: string; reason: string },
  ): Promise<Set<string>> {
    const held = await modifyReturning<{ id: string }>(manager, postponeHeldSql(hold.release, hold.reason), [ids]);
    return new Set(held.map((row) => row.id));
  }

  /** A provider's event moves a delivery, compare-and-set on the state it was read in. */
  async applyEvent(
    manager: EntityManager,
    move: { id: string; from: DeliveryState; to: DeliveryState; reason: string | null; at: Date },
  ): Promise<void> {
    if (!canTransition(move.from, move.to))
      throw new Error(`delivery state machine: no transition ${move.from} → ${move.to}`);
    await manager.query(APPLY_EVENT_SQL, [move.id, move.from, move.to, move.reason, move.at]);
  }

  /** A cancelled campaign: whatever was not handed over expires. */
  async expireNotHandedOver(manager: EntityManager, campaignId: string, reason: string): Promise<void> {
    await manager.query(EXPIRE_NOT_HANDED_OVER_SQL, [campaignId, reason]);
  }

  async attachCallScripts(scripts: Array<{ id: string; script: unknown }>): Promise<void> {
    await this.dataSource.query(ATTACH_CALL_SCRIPTS_SQL, [JSON.stringify(scripts)]);
  }

  /** Inside the erasure transaction. */
  async erasePersonalData(contactId: string, manager: EntityManager): Promise<void> {
    await manager.query(ERASE_PERSONAL_DATA_SQL, [contactId]);
  }
}
