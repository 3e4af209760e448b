import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CampaignAudienceRepository } from '../campaigns/campaign-audience.repository';
import { CampaignRunner } from '../campaigns/campaign-runner.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { QueueService } from '../core/queue/queue.service';
import { CONSENT_POLICY, type ConsentPolicy } from '../consent/consent-policy';
import { channelOf } from '../consent/consent.types';
import { reachabilitySql } from '../consent/reachability-sql';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { PressureRules } from '../deliveries/pressure';
import { generateResponseCode } from '../core/security/response-code';
import { AutomationsService, type AutomationRow } from './automations.service';
import { followUpsSql } from './follow-ups-sql';
import { holdoutSql, Params } from './trigger-sql';
import { DeliveryState, sqlState } from '../deliveries/delivery-state';

export interface TickResult {
  due: number;
  queued: number;
  skipped: Record<string, number>;
}

/** Missed occurrences are looked for this far back at most (a year: every yearly occurrence once). */
const MAX_LOOKBACK_MS = 366 * 86_400_000;

/**
 * The loyalty scheduler's tick: for each active automation, finds the occurrences that became
 * due since the last tick and records each once — (automation, contact, occurrence) is unique,
 * so two processes ticking together, a replay, or a restart after a crash mid-tick never send
 * twice. Within the catch-up window an occurrence is queued as a delivery (consent re-checked at
 * send time, the frequency cap and sending hours postponing it); beyond it, skipped and counted.
 * One transaction per automation and step: a tick killed half-way leaves nothing half-done.
 */
@Injectable()
export class AutomationScheduler {
  private readonly logger = new Logger('Automations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly automations: AutomationsService,
    private readonly runner: CampaignRunner,
    private readonly audiences: CampaignAudienceRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: QueueService,
    private readonly pressure: PressureRules,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async tick(at: Date = new Date()): Promise<TickResult> {
    await this.queue.ready();
    const total: TickResult = { due: 0, queued: 0, skipped: {} };
    const automations: AutomationRow[] = await this.dataSource.query(
      `SELECT * FROM automations WHERE status = 'active' ORDER BY created_at`,
    );
    for (const automation of automations) {
      try {
        const result = await this.tickOne(automation, at);
        total.due += result.due;
        total.queued += result.queued;
        for (const [reason, n] of Object.entries(result.skipped))
          total.skipped[reason] = (total.skipped[reason] ?? 0) + n;
      } catch (error) {
        // One broken automation (a template deleted, a bad attribute) must not stop the others.
        this.logger.error(`automation "${automation.name}": tick failed: ${(error as Error).message}`);
        total.skipped.error = (total.skipped.error ?? 0) + 1;
      }
    }
    return total;
  }

  /**
   * Sends, in this process, what the automations have due now (`automations run --wait`: a
   * one-shot command has no queue workers). Postponed messages stay for their time.
   */
  async dispatchDue(): Promise<number> {
    // First what a crashed process left (the rest of the campaign sweep is the sweeper's, under its lock).
    await this.runner.recoverLeases();
    let sent = 0;
    for (let round = 0; round < 1000; round++) {
      const due: Array<{ id: string }> = await this.dataSource.query(
        `SELECT s.id FROM campaign_steps s JOIN automations a ON a.campaign_id = s.campaign_id JOIN campaigns c ON c.id = s.campaign_id
         WHERE c.status = 'running' AND EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = s.id AND d.state = ${sqlState(DeliveryState.Planned)} AND d.next_attempt_at <= now())
         ORDER BY s.campaign_id, s.position`,
      );
      if (!due.length) return sent;
      for (const { id } of due) sent += (await this.runner.runStep(id, 5_000))?.sent ?? 0;
    }
    return sent;
  }

  private async tickOne(automation: AutomationRow, at: Date): Promise<TickResult> {
    const catchUpMs = this.config.automations.catchUpHours * 3_600_000;
    const edge = new Date(at.getTime() - catchUpMs);
    const lastTick = automation.last_tick_at ? new Date(automation.last_tick_at) : edge;
    const from = new Date(Math.max(Math.min(lastTick.getTime(), edge.getTime()), at.getTime() - MAX_LOOKBACK_MS));
    const steps: Array<{
      id: string;
      position: number;
      channel: string;
      delay_days: number | null;
      only_non_responders: boolean;
    }> = await this.dataSource.query(
      `SELECT id, position, channel, delay_days, only_non_responders FROM campaign_steps WHERE campaign_id = $1 ORDER BY position`,
      [automation.campaign_id],
    );
    const result: TickResult = { due: 0, queued: 0, skipped: {} };
    for (const step of steps) {
      const p = new Params();
      const aId = `${p.add(automation.id)}::uuid`;
      let source: string;
      if (step.position === 1) {
        source = await this.automations.candidates(automation, { from, to: at }, at, p);
      } else {
        source = followUpsSql(automation.campaign_id, step, { from, to: at }, p);
      }
      if (step.position === 1 && automation.trigger.type === 'inactivity') {
        source += ` UNION ALL ${followUpsSql(automation.campaign_id, step, { from, to: at }, p, automation.trigger)}`;
      }
      const counts = await this.record(automation, step, source, p, aId, at, edge);
      result.due += counts.due;
      result.queued += counts.queued;
      for (const [reason, n] of Object.entries(counts.skipped))
        result.skipped[reason] = (result.skipped[reason] ?? 0) + n;
    }
    await this.dataSource.query(
      `UPDATE automations SET last_tick_at = greatest(coalesce(last_tick_at, $2), $2) WHERE id = $1`,
      [automation.id, at],
    );
    return result;
  }

  /** Records the fresh occurrences of one step and queues the deliveries, in one transaction. */
  private async record(
    automation: AutomationRow,
    step: { id: string; position: number; channel: string },
    source: string,
    p: Params,
    aId: string,
    at: Date,
    edge: Date,
  ): Promise<TickResult> {
    const definition = automation.definition;
    const reach = reachabilitySql(this.policy, {
      channel: channelOf(step.channel),
      purpose: 'marketing',
      flags: { professional: definition.professional, softOptIn: definition.soft_opt_in },
    });
    const holdout = holdoutSql(aId, p.add(Number(definition.holdout_percent) / 100));
    const position = p.add(step.position);
    const edgeParam = p.add(edge);
    return this.dataSource.transaction(async (manager) => {
      // Every hour, a scan of the base that takes milliseconds: JIT compilation (triggered by the
      // reachability subqueries' estimated cost once the contacts have statistics) took seconds.
      await manager.query(`SET LOCAL jit = off`);
      const inserted: Array<{
        id: string;
        contact_id: string;
        occurrence: string;
        outcome: string;
        reason: string | null;
        due_at: Date;
        data: Record<string, unknown>;
      }> = await manager.query(
        `INSERT INTO automation_occurrences (automation_id, contact_id, occurrence, step_position, due_at, data, handled_at, outcome, reason)
         SELECT ${aId}, x.contact_id, x.occurrence, ${position}, x.due_at, x.data, ${p.add(at)}::timestamptz,
                CASE WHEN x.due_at <= ${edgeParam} THEN 'skipped' WHEN x.refusal IS NOT NULL THEN 'excluded' WHEN x.holdout THEN 'holdout' ELSE 'queued' END,
                CASE WHEN x.due_at <= ${edgeParam} THEN 'missed' WHEN x.refusal IS NOT NULL THEN x.refusal WHEN x.holdout THEN 'holdout' END
         FROM (
           SELECT cand.contact_id, cand.occurrence, cand.due_at, cand.data, r.refusal, ${holdout} AS holdout
           FROM (${source}) cand JOIN contacts c ON c.id = cand.contact_id
           CROSS JOIN LATERAL (SELECT ${reach} AS refusal) r
           WHERE NOT EXISTS (SELECT 1 FROM automation_occurrences o WHERE o.automation_id = ${aId} AND o.contact_id = cand.contact_id AND o.occurrence = cand.occurrence AND o.step_position = ${position})
         ) x
         ON CONFLICT ON CONSTRAINT automation_occurrences_key DO NOTHING
         RETURNING id::text, contact_id::text, occurrence, outcome, reason, due_at, data`,
        p.values,
      );
      const result: TickResult = { due: inserted.length, queued: 0, skipped: {} };
      for (const row of inserted)
        if (row.outcome !== 'queued')
          result.skipped[row.reason ?? row.outcome] = (result.skipped[row.reason ?? row.outcome] ?? 0) + 1;
      await this.audience(manager, automation.campaign_id, inserted);
      const queued = inserted.filter((row) => row.outcome === 'queued');
      if (queued.length) result.queued = await this.queueDeliveries(manager, automation, step, queued, at);
      return result;
    });
  }

  private async audience(
    manager: EntityManager,
    campaignId: string,
    rows: Array<{ contact_id: string; outcome: string; reason: string | null; due_at: Date }>,
  ): Promise<void> {
    const counted = rows.filter((row) => row.outcome !== 'skipped');
    if (!counted.length) return;
    await this.audiences.addAutomationEntries(
      manager,
      campaignId,
      counted.map((r) => ({
        contactId: r.contact_id,
        group: r.outcome === 'queued' ? 'treatment' : r.outcome === 'holdout' ? 'holdout' : 'excluded',
        reason: r.outcome === 'excluded' ? r.reason : null,
        referenceAt: r.due_at,
      })),
    );
  }

  private async queueDeliveries(
    manager: EntityManager,
    automation: AutomationRow,
    step: { id: string; position: number; channel: string },
    rows: Array<{ id: string; contact_id: string; occurrence: string; due_at: Date; data: Record<string, unknown> }>,
    at: Date,
  ): Promise<number> {
    const scope = this.pressure.scope('automation', step.channel);
    const hold = this.pressure.releaseSql(scope, 'v.contact_id', '$8::timestamptz', this.pressure.zoneSql());
    const created = await this.deliveries.addAutomationMessages(manager, hold, {
      campaignId: automation.campaign_id,
      stepId: step.id,
      channel: step.channel,
      at,
      expireAfterDays: automation.definition.expire_after_days,
      occurrences: rows.map((r) => ({
        contactId: r.contact_id,
        occurrence: r.occurrence,
        responseCode: generateResponseCode(),
        due: r.due_at,
        data: r.data,
      })),
    });
    if (created.length) {
      await manager.query(
        `UPDATE automation_occurrences o SET delivery_id = v.delivery_id
         FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(delivery_id, contact_id, occurrence)
         WHERE o.automation_id = $4 AND o.contact_id = v.contact_id AND o.occurrence = v.occurrence AND o.step_position = $5`,
        [
          created.map((r) => r.id),
          created.map((r) => r.contact_id),
          created.map((r) => r.occurrence),
          automation.id,
          step.position,
        ],
      );
      await this.runner.kick(step.id, 1, manager);
    }
    return created.length;
  }
}
