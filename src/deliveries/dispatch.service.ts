import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SendOutcome } from '../channels/channel.types';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { CONSENT_POLICY, type ConsentPolicy } from '../consent/consent-policy';
import { ConsentService } from '../consent/consent.service';
import { channelOf } from '../consent/consent.types';
import { reachabilitySql } from '../consent/reachability-sql';
import {
  CHANNEL_SENDERS,
  isMessageError,
  type ChannelSender,
  type PreparedBatch,
  type PreparedChannel,
  type PreparedStream,
  type StepContext,
} from './channel-sender';
import { DeliveriesRepository, type ClaimedDelivery } from './deliveries.repository';
import { DeliveryEffects } from './delivery-effects';
import { retryDelaySeconds } from './delivery-state';
import { OutcomeRecorder, pausable, type DispatchReport, type Halt } from './outcome-recorder';
import { PressureRules } from './pressure';
import { SendWindow } from './send-window';

export type { DispatchReport } from './outcome-recorder';

const STOPPING = 'process stopping';

/** This process's identity in `claimed_by`: a crashed process's claims are recognisable and expire. */
export const WORKER_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * The engine's inner loop for one step: claim a batch (consent and suppression re-checked
 * inside the claim transaction), render, re-check again at the moment of handing over
 * (claimed → sending, set-based), send with bounded concurrency, record outcomes. Stops when
 * nothing is due, when the time slice is used, when the campaign is paused or cancelled, when
 * the relay cannot be reached, or when the process stops: what was not handed over goes back.
 */
@Injectable()
export class DispatchService implements OnModuleDestroy {
  private readonly logger = new Logger('Dispatch');
  private readonly senders: ReadonlyMap<string, ChannelSender>;
  /** The process is stopping: hand nothing more over, give back the claims (before the queue waits for its jobs). */
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly consent: ConsentService,
    private readonly effects: DeliveryEffects,
    private readonly pressure: PressureRules,
    private readonly outcomes: OutcomeRecorder,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    @Inject(CHANNEL_SENDERS) senders: ChannelSender[],
  ) {
    this.senders = new Map(senders.map((sender) => [sender.channel, sender]));
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  async dispatch(
    step: StepContext,
    options: { timeSliceMs?: number; isActive: () => Promise<boolean> },
  ): Promise<DispatchReport> {
    const sender = this.senders.get(step.channel);
    if (!sender) throw new Error(`no sender for channel ${step.channel}`);
    const report: DispatchReport = { claimed: 0, sent: 0, suppressed: 0 };
    const started = Date.now();
    const reach = reachabilitySql(this.policy, {
      channel: channelOf(step.channel),
      purpose: step.purpose,
      flags: step.flags,
      evaluatedPer: 'row',
    });
    let prepared: PreparedChannel | undefined;
    const recent: boolean[] = [];
    try {
      for (;;) {
        if (this.stopping) return { ...report, stoppedBecause: STOPPING };
        if (Date.now() - started > (options.timeSliceMs ?? 30_000))
          return { ...report, stoppedBecause: 'time slice used' };
        if (!(await options.isActive())) return { ...report, stoppedBecause: 'campaign not running' };
        const batchSize = step.channel === 'letter' ? 100_000 : this.config.delivery.batchSize;
        const handled = report.suppressed + (report.postponed ?? 0);
        const claimed = await this.claim(step, batchSize, report);
        if (!claimed.length) {
          // A batch entirely refused or held back: there may be more behind it.
          if (report.suppressed + (report.postponed ?? 0) > handled) continue;
          return report;
        }
        if (!prepared) {
          try {
            prepared = await sender.prepare(step);
          } catch (error) {
            // A template that cannot be prepared (a deleted version, service sender variables
            // missing) would fail every message: give the claims back and pause, saying why.
            // Anything else (the database going away) fails the job, which is retried.
            await this.deliveries.release(
              claimed.map((d) => d.id),
              WORKER_ID,
            );
            if (!isMessageError(error)) throw error;
            const reason = `the ${step.channel} template ${step.template} cannot be prepared: ${error.message}`;
            this.logger.error(`campaign ${step.campaignId}: ${reason}`);
            await this.effects.pauseCampaign(step.campaignId, reason);
            return { ...report, stoppedBecause: reason };
          }
        }
        const stop =
          prepared.mode === 'batch'
            ? await this.sendBatch(step, prepared, claimed, reach, report)
            : await this.sendStream(step, prepared, claimed, reach, report, recent, options.isActive);
        if (stop) return { ...report, stoppedBecause: stop };
      }
    } finally {
      await prepared?.close();
    }
  }

  /** Claim transaction: lock due rows, decide consent for each, claim the allowed, suppress the refused. */
  private async claim(step: StepContext, limit: number, report: DispatchReport): Promise<ClaimedDelivery[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.deliveries.lockDue(manager, step.stepId, limit);
      if (!rows.length) return [];
      const flags = step.channel === 'phone' ? { ...step.flags, listOnly: true } : step.flags;
      const decisions = await this.consent.evaluate(
        rows.map((r) => r.contactId),
        channelOf(step.channel),
        step.purpose,
        new Date(),
        { flags, manager },
      );
      const refused: Array<{ id: string; reason: string }> = [];
      const allowed: ClaimedDelivery[] = [];
      for (const row of rows) {
        const decision = decisions.get(row.contactId);
        if (decision?.allowed) allowed.push(row);
        else refused.push({ id: row.id, reason: decision ? decision.reason : 'erased' });
      }
      // Frequency cap and sending hours: held messages are postponed (or expire), not sent now.
      const held = await this.pressure.hold(
        manager,
        allowed.map((r) => r.id),
        this.pressure.scope(step.kind ?? 'campaign', step.channel),
      );
      if (held.size) {
        report.postponed = (report.postponed ?? 0) + held.size;
        allowed.splice(0, allowed.length, ...allowed.filter((r) => !held.has(r.id)));
      }
      await this.deliveries.markSuppressed(manager, refused);
      await this.deliveries.markClaimed(
        manager,
        allowed.map((r) => r.id),
        WORKER_ID,
        this.config.delivery.leaseSeconds,
      );
      report.claimed += allowed.length;
      report.suppressed += refused.length;
      return allowed.map((row) => ({ ...row, attempts: row.attempts + 1 }));
    });
  }

  /** Sends a claimed batch through a `SendWindow`; gives back what it did not hand over, pauses or says why it stopped. */
  private async sendStream(
    step: StepContext,
    prepared: PreparedStream,
    claimed: ClaimedDelivery[],
    reach: string,
    report: DispatchReport,
    recent: boolean[],
    isActive: () => Promise<boolean>,
  ): Promise<string | undefined> {
    const { inFlight, leaseSeconds } = this.config.delivery;
    const window = new SendWindow(
      {
        deliveries: this.deliveries,
        worker: WORKER_ID,
        inFlight,
        leaseSeconds,
        isActive,
        stopping: () => this.stopping,
        haltFor: (outcome) => this.haltFor(step, outcome),
        record: (batch) =>
          this.outcomes.record(
            step,
            batch.map((o) => o.delivery),
            new Map(batch.map((o) => [o.delivery.id, o.outcome])),
            report,
            recent,
            prepared,
          ),
      },
      prepared,
      claimed,
      reach,
      report,
    );
    const { stop, halt, begun, stopped } = await window.run();
    if (stopped)
      await this.deliveries.release(
        claimed.slice(begun).map((d) => d.id),
        WORKER_ID,
        halt?.retryAt,
      );
    if (halt?.pause) return this.pause(step, halt.reason);
    if (halt && halt.reason !== STOPPING)
      this.logger.warn(
        `${step.kind ?? 'campaign'} "${step.campaignName}": ${halt.reason}; what was not sent waits${halt.retryAt ? ` until ${halt.retryAt.toISOString()}` : ''}`,
      );
    return halt?.reason ?? stop ?? (this.stopping ? STOPPING : undefined);
  }

  /** An outcome that stops this dispatch: the relay unreachable (a campaign pauses; anything else retries later), or the process stopping. */
  private haltFor(step: StepContext, outcome: { status: 'unreachable' | 'not_sent'; error: string }): Halt {
    if (outcome.status === 'not_sent') return { reason: STOPPING, pause: false };
    if (pausable(step)) return { reason: outcome.error, pause: true };
    return {
      reason: outcome.error,
      pause: false,
      retryAt: new Date(Date.now() + retryDelaySeconds(1, this.config.delivery) * 1000),
    };
  }

  private async sendBatch(
    step: StepContext,
    prepared: PreparedBatch,
    claimed: ClaimedDelivery[],
    reach: string,
    report: DispatchReport,
  ): Promise<string | undefined> {
    const rendered = await prepared.render(claimed);
    const { sending, suppressed } = await this.deliveries.beginSending(
      claimed.map((d) => d.id),
      WORKER_ID,
      reach,
      Math.max(this.config.delivery.leaseSeconds, 600),
    );
    report.suppressed += suppressed;
    const items = claimed
      .filter((d) => sending.has(d.id) && rendered.get(d.id)?.ok)
      .map((delivery) => ({ delivery, message: (rendered.get(delivery.id) as { message: unknown }).message }));
    const outcomes = items.length ? await prepared.sendBatch(items) : new Map<string, SendOutcome>();
    for (const delivery of claimed) {
      if (sending.has(delivery.id) && !outcomes.has(delivery.id))
        outcomes.set(delivery.id, {
          status: 'failed',
          error: (rendered.get(delivery.id) as { reason?: string })?.reason ?? 'not produced',
        });
    }
    const halt = await this.outcomes.record(step, claimed, outcomes, report, [], prepared);
    return halt?.pause ? this.pause(step, halt.reason) : halt?.reason;
  }

  private async pause(step: StepContext, reason: string): Promise<string> {
    this.logger.warn(`campaign ${step.campaignId} paused: ${reason}`);
    await this.effects.pauseCampaign(step.campaignId, reason);
    return `paused: ${reason}`;
  }
}
