import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { QueueService } from '../core/queue/queue.service';
import type { StepContext } from '../deliveries/channel-sender';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { CampaignPauseRequestedEvent } from '../deliveries/events/campaign-pause-requested.event';
import { DeliveryPlanner } from '../deliveries/delivery-planner';
import { DispatchService, type DispatchReport } from '../deliveries/dispatch.service';
import { CampaignsRepository, type CampaignRow, type StepRow } from './campaigns.repository';
import { DeliveryState, IN_FLIGHT, QUEUED, sqlState, sqlStates } from '../deliveries/delivery-state';

export const DISPATCH_QUEUE = 'campaign-dispatch';

/**
 * Runs campaigns once launched: dispatch jobs on the queue (any worker, any machine), and a
 * sweep that recovers expired claims, starts scheduled campaigns and later steps when they are
 * due, re-kicks steps with due work (retries), and marks steps and campaigns finished.
 */
@Injectable()
export class CampaignRunner implements OnModuleInit {
  private readonly logger = new Logger('Campaigns');
  private readonly statusCache = new Map<string, { status: string | undefined; at: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly planner: DeliveryPlanner,
    private readonly dispatcher: DispatchService,
    private readonly queue: QueueService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  onModuleInit(): void {
    this.queue.register<{ stepId: string }>(
      DISPATCH_QUEUE,
      { retryLimit: 10, retryDelay: 5, expireInSeconds: 300 },
      async ({ stepId }) => {
        await this.runStep(stepId);
      },
      { concurrency: this.config.delivery.jobsPerStep },
    );
  }

  /** Enqueues dispatch jobs for a step; with `manager`, in the caller's transaction. */
  async kick(
    stepId: string,
    count = this.config.delivery.jobsPerStep,
    manager?: EntityManager,
    startAfter?: Date,
  ): Promise<void> {
    for (let i = 0; i < count; i++)
      await this.queue.send(DISPATCH_QUEUE, { stepId }, startAfter ? { startAfter } : {}, manager);
  }

  @OnEvent(CampaignPauseRequestedEvent.event, { suppressErrors: false })
  async onPauseRequested(request: CampaignPauseRequestedEvent): Promise<void> {
    await this.pause(request.campaignId, request.reason);
  }

  async pause(campaignId: string, reason: string): Promise<void> {
    if (await this.campaigns.moveTo(campaignId, 'paused', reason)) this.statusCache.delete(campaignId);
  }

  private async isRunning(campaignId: string): Promise<boolean> {
    const cached = this.statusCache.get(campaignId);
    if (cached && Date.now() - cached.at < 500) return cached.status === 'running';
    const [row]: Array<{ status: string } | undefined> = await this.dataSource.query(
      `SELECT status FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    this.statusCache.set(campaignId, { status: row?.status, at: Date.now() });
    return row?.status === 'running';
  }

  stepContext(campaign: CampaignRow, step: StepRow): StepContext {
    const definition = campaign.definition;
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      stepId: step.id,
      channel: step.channel,
      template: step.template,
      templateVersionId: step.template_version_id,
      purpose: campaign.kind === 'service' ? 'service' : 'marketing',
      kind: campaign.kind,
      flags: { professional: definition.professional, softOptIn: definition.soft_opt_in },
      objective: campaign.objective,
      sender: definition.sender,
      data: definition.data ?? {},
      costPerMessage: definition.costs.per_message[step.channel] ?? 0,
    };
  }

  /** The body of a dispatch job: send what is due for the step, for one time slice. */
  async runStep(stepId: string, timeSliceMs = 20_000): Promise<DispatchReport | undefined> {
    const step = await this.campaigns.step(stepId);
    if (!step) return undefined;
    const campaign = await this.campaigns.get(step.campaign_id);
    if (campaign.status !== 'running') return undefined;
    const report = await this.dispatcher.dispatch(this.stepContext(campaign, step), {
      timeSliceMs,
      isActive: () => this.isRunning(campaign.id),
    });
    if (report.stoppedBecause === 'time slice used') await this.kick(stepId, 1);
    else await this.settle(campaign.id);
    return report;
  }

  /** Marks steps with nothing left in flight as dispatched, and the campaign completed when all are. */
  async settle(campaignId: string): Promise<void> {
    const [campaign]: Array<{ kind: string } | undefined> = await this.dataSource.query(
      `SELECT kind FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    // Automations and service messages are evergreen: their steps keep receiving deliveries, they never complete.
    if (campaign?.kind !== 'campaign') return;
    await this.dataSource.query(
      `UPDATE campaign_steps s SET status = 'dispatched', dispatched_at = now()
       WHERE s.campaign_id = $1 AND s.status = 'planned'
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = s.id AND d.state IN (${sqlStates(QUEUED)}))`,
      [campaignId],
    );
    const [open]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_steps WHERE campaign_id = $1 AND status IN ('pending', 'planned', 'dispatching')`,
      [campaignId],
    );
    if (open.n === 0) await this.campaigns.moveTo(campaignId, 'completed', null);
  }

  /** Creates the deliveries of a step that has become due and starts dispatching them. */
  async planStep(campaign: CampaignRow, step: StepRow, now: Date): Promise<number> {
    await this.queue.ready();
    return this.dataSource.transaction(async (manager) => {
      const [locked]: Array<{ status: string } | undefined> = await manager.query(
        `SELECT status FROM campaign_steps WHERE id = $1 FOR UPDATE`,
        [step.id],
      );
      if (locked?.status !== 'pending') return 0;
      const planned = await this.planner.plan(manager, step);
      await manager.query(`UPDATE campaign_steps SET status = 'planned', planned_at = $2 WHERE id = $1`, [
        step.id,
        now,
      ]);
      await this.campaigns.log(
        campaign.id,
        'step',
        `step ${step.position} (${step.channel}) planned for ${planned} contacts`,
        { step: step.position, planned },
        manager,
      );
      await this.kick(step.id, this.config.delivery.jobsPerStep, manager);
      return planned;
    });
  }

  /** What a crashed process left: expired claims back to the queue, interrupted sends marked unknown. */
  async recoverLeases(): Promise<Awaited<ReturnType<DeliveriesRepository['recoverExpiredLeases']>>> {
    const recovered = await this.deliveries.recoverExpiredLeases();
    if (recovered.unknown)
      this.logger.warn(
        `${recovered.unknown} deliveries were being sent when their worker stopped: marked unknown, not re-sent`,
      );
    return recovered;
  }

  /** The periodic sweep (one instance at a time, under a database lock). */
  async sweep(now: Date = new Date()): Promise<{
    recovered: Awaited<ReturnType<DeliveriesRepository['recoverExpiredLeases']>>;
    planned: number;
    kicked: number;
  }> {
    const recovered = await this.recoverLeases();
    // Scheduled campaigns whose first step is due start running.
    const scheduled: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM campaigns c WHERE c.status = 'scheduled'
         AND EXISTS (SELECT 1 FROM campaign_steps s WHERE s.campaign_id = c.id AND s.position = 1 AND s.due_at <= $1)`,
      [now],
    );
    for (const { id } of scheduled) await this.campaigns.moveTo(id, 'running', null);
    let planned = 0;
    const due: StepRow[] = await this.dataSource.query(
      `SELECT s.* FROM campaign_steps s JOIN campaigns c ON c.id = s.campaign_id
       WHERE c.status = 'running' AND s.status = 'pending' AND s.due_at <= $1
         AND NOT EXISTS (SELECT 1 FROM campaign_steps p WHERE p.campaign_id = s.campaign_id AND p.position < s.position AND p.status IN ('pending', 'planned'))
       ORDER BY s.due_at`,
      [now],
    );
    for (const step of due) planned += await this.planStep(await this.campaigns.get(step.campaign_id), step, now);
    // Steps with due work and nobody on it (retries coming due, jobs lost with a crashed worker).
    const idle: Array<{ id: string }> = await this.dataSource.query(
      `SELECT s.id FROM campaign_steps s JOIN campaigns c ON c.id = s.campaign_id
       WHERE c.status = 'running' AND s.status = 'planned'
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = s.id AND d.state = ${sqlState(DeliveryState.Planned)} AND d.next_attempt_at <= $1)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.step_id = s.id AND d.state IN (${sqlStates(IN_FLIGHT)}))`,
      [now],
    );
    for (const { id } of idle) await this.kick(id, 1);
    const running: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM campaigns WHERE status = 'running'`,
    );
    for (const { id } of running) await this.settle(id);
    return { recovered, planned, kicked: idle.length };
  }
}
