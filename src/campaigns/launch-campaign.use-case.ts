import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { CONSENT_POLICY, type ConsentPolicy } from '../consent/consent-policy';
import { channelOf } from '../consent/consent.types';
import { reachabilitySql } from '../consent/reachability-sql';
import type { StepContext } from '../deliveries/channel-sender';
import { DeliveryPlanner } from '../deliveries/delivery-planner';
import { capReleaseSql } from '../deliveries/pressure';
import { QueueService } from '../core/queue/queue.service';
import { RecipientLoader, type Recipient as LoadedRecipient } from '../deliveries/senders/recipient-loader';
import { SegmentsService } from '../segments/segments.service';
import { recipientProblemsError, type RecipientProblems } from '../templates/engine/recipient-check';
import type { TemplateSnapshot } from '../templates/template-library';
import type { PreparedTemplate } from '../templates/prepared-template';
import { TemplateRenderService } from '../templates/template-render.service';
import { TemplatesService } from '../templates/templates.service';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignsRepository, type CampaignRow, type StepRow } from './campaigns.repository';
import { currentActor } from '../core/auth/actor-context';

export interface AudienceCounts {
  segment: number;
  excluded: { no_consent: number; suppressed: number; invalid_address: number; frequency_cap: number };
  holdout: number;
  targeted: number;
}

const CHECK_BATCH = 5000;

/**
 * The treatment group of a campaign, a page of contact ids at a time, in id order (keyset, never
 * OFFSET). Ordered by the table's bigint column: the text output of the same name would order
 * '10' before '9' while the cursor compares numbers, and pages would skip contacts.
 */
export async function* treatmentPages(
  manager: EntityManager,
  campaignId: string,
  pageSize = CHECK_BATCH,
): AsyncGenerator<string[]> {
  for (let after = '0'; ;) {
    const rows: Array<{ contact_id: string }> = await manager.query(
      `SELECT contact_id::text FROM campaign_audience WHERE campaign_id = $1 AND audience_group = 'treatment' AND contact_id > $2
       ORDER BY campaign_audience.contact_id LIMIT $3`,
      [campaignId, after, pageSize],
    );
    if (!rows.length) return;
    after = rows[rows.length - 1].contact_id;
    yield rows.map((row) => row.contact_id);
  }
}

/**
 * Launch: templates pinned and checked (lint, then data for every recipient), then in one
 * transaction the audience frozen — segment snapshot → exclusions with reasons → a holdout
 * drawn reproducibly from the campaign id → one delivery per contact of the first step — and
 * the first dispatch jobs enqueued. Nothing is sent if any of it fails.
 */
@Injectable()
export class LaunchCampaign {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly audiences: CampaignAudienceRepository,
    private readonly segments: SegmentsService,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly recipients: RecipientLoader,
    private readonly planner: DeliveryPlanner,
    private readonly runner: CampaignRunner,
    private readonly queue: QueueService,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async execute(
    campaignId: string,
    now: Date = new Date(),
  ): Promise<{ id: string; status: string; audience: AudienceCounts }> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status !== 'draft')
      throw DomainError.conflict(
        'campaigns.not_draft',
        `campaign ${campaignId} is ${campaign.status}: only a draft can be launched`,
      );
    const steps = await this.campaigns.steps(campaignId);
    // Pinning writes template versions (its own transaction): before ours, never inside it.
    // Linting and compiling too: nothing but the audience's data is read inside the transaction.
    const { pinned, preparedByStep } = await this.pinTemplates(campaign, steps);

    // The queue's first start creates its schema on other connections: never inside our transaction.
    await this.queue.ready();
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.campaigns.get(campaignId, manager);
      if (locked.status !== 'draft')
        throw DomainError.conflict(
          'campaigns.not_draft',
          `campaign ${campaignId} is ${locked.status}: only a draft can be launched`,
        );
      const audience = await this.freezeAudience(manager, campaign, steps[0], now);
      for (const step of steps)
        await this.checkRecipients(manager, campaign, step, pinned.get(step.id)!, preparedByStep.get(step.id)!);
      for (const step of steps)
        await manager.query(`UPDATE campaign_steps SET template_version_id = $2 WHERE id = $1`, [
          step.id,
          pinned.get(step.id)!.versionId,
        ]);

      const first = steps[0];
      const firstDue = await this.scheduleSteps(manager, steps, now);
      const planned = await this.planner.plan(manager, first, { notBefore: firstDue });
      await manager.query(`UPDATE campaign_steps SET status = 'planned', planned_at = $2 WHERE id = $1`, [
        first.id,
        now,
      ]);
      await manager.query(`UPDATE campaigns SET audience = $2 WHERE id = $1`, [campaignId, JSON.stringify(audience)]);
      const status = firstDue.getTime() > now.getTime() + 1000 ? 'scheduled' : 'running';
      await this.campaigns.moveTo(campaignId, status, null, manager, currentActor());
      await this.campaigns.log(
        campaignId,
        'launch',
        `launched: ${audience.segment} in the segment, ${audience.targeted} targeted, ${audience.holdout} in the holdout, ${planned} deliveries planned`,
        { audience },
        manager,
        currentActor(),
      );
      await this.runner.kick(
        first.id,
        this.config.delivery.jobsPerStep,
        manager,
        status === 'scheduled' ? firstDue : undefined,
      );
      return { id: campaignId, status, audience };
    });
  }

  /** Pins and prepares each step's template, refusing one made for another channel than its step's. */
  private async pinTemplates(
    campaign: CampaignRow,
    steps: StepRow[],
  ): Promise<{ pinned: Map<string, TemplateSnapshot>; preparedByStep: Map<string, PreparedTemplate> }> {
    const pinned = new Map<string, TemplateSnapshot>();
    const preparedByStep = new Map<string, PreparedTemplate>();
    for (const step of steps) {
      const { snapshot } = await this.templates.pin(step.template);
      const prepared = await this.templates.assertLaunchable(snapshot, [], campaign.definition.sender);
      if (prepared.channel !== step.channel) {
        throw DomainError.invalid(
          'campaigns.template_channel',
          `step ${step.position}: ${step.template} is a ${prepared.channel} template, the step is ${step.channel}`,
        );
      }
      pinned.set(step.id, snapshot);
      preparedByStep.set(step.id, prepared);
    }
    return { pinned, preparedByStep };
  }

  /** Sets each step's due date (the first's, then each after the previous by its delay); returns the first's. */
  private async scheduleSteps(manager: EntityManager, steps: StepRow[], now: Date): Promise<Date> {
    const first = steps[0];
    const firstDue = first.send_at ? new Date(first.send_at) : now;
    let previousDue = firstDue;
    for (const step of steps) {
      const due =
        step.position === 1
          ? firstDue
          : step.send_at
            ? new Date(step.send_at)
            : new Date(previousDue.getTime() + (step.delay_days ?? 0) * 86_400_000);
      await manager.query(`UPDATE campaign_steps SET due_at = $2 WHERE id = $1`, [step.id, due]);
      previousDue = due;
    }
    return firstDue;
  }

  /** The audience as a launch now would freeze it (also the pre-flight's, in a transaction it rolls back). */
  async freezeAudience(
    manager: EntityManager,
    campaign: CampaignRow,
    first: StepRow,
    now: Date,
  ): Promise<AudienceCounts> {
    const definition = campaign.definition;
    const snapshot = await this.segments.snapshot(definition.segment_id ?? definition.segment, {
      manager,
      now,
      label: `campaign ${campaign.name}`,
    });
    const reach = reachabilitySql(this.policy, {
      channel: channelOf(first.channel),
      purpose: campaign.kind === 'service' ? 'service' : 'marketing',
      flags: { professional: definition.professional, softOptIn: definition.soft_opt_in },
    });
    // The frequency cap, as automations apply it: contacts it holds back now are excluded.
    const { cap7Days, cap30Days } = this.config.delivery;
    const capped = `(${capReleaseSql('c.id', '$3::timestamptz', cap7Days, cap30Days)} IS NOT NULL AND $3::timestamptz IS NOT NULL)`;
    await this.audiences.freeze(manager, campaign.id, snapshot.id, now, { refusal: reach, capped });
    const eligible = await this.audiences.countTreatment(manager, campaign.id);
    // The holdout: the first n of the eligible in an order only the campaign id decides — random, yet reproducible.
    const holdout = Math.round((eligible * Number(campaign.holdout_percent)) / 100);
    if (holdout > 0) await this.audiences.drawHoldout(manager, campaign.id, holdout);
    const counts = await this.audiences.exclusionCounts(manager, campaign.id);
    const excluded = { no_consent: 0, suppressed: 0, invalid_address: 0, frequency_cap: 0 };
    for (const row of counts)
      excluded[row.reason as keyof typeof excluded] = (excluded[row.reason as keyof typeof excluded] ?? 0) + row.n;
    return { segment: snapshot.count, excluded, holdout, targeted: eligible - holdout };
  }

  /** Every targeted contact must render: missing data is named, with how many contacts lack it and which. */
  private async checkRecipients(
    manager: EntityManager,
    campaign: CampaignRow,
    step: StepRow,
    snapshot: TemplateSnapshot,
    prepared: PreparedTemplate,
  ): Promise<void> {
    const merged = await this.recipientProblems(manager, campaign, step, snapshot, prepared);
    if (merged.missing.length || merged.invalid.length)
      throw recipientProblemsError(`step ${step.position} (${snapshot.reference})`, merged);
  }

  /** The strict merge of a step on the whole frozen treatment group, page by page. */
  async recipientProblems(
    manager: EntityManager,
    campaign: CampaignRow,
    step: StepRow,
    snapshot: TemplateSnapshot,
    prepared: PreparedTemplate,
  ): Promise<RecipientProblems> {
    let merged: RecipientProblems = { total: 0, missing: [], invalid: [] };
    for await (const page of treatmentPages(manager, campaign.id)) {
      const recipients = (await this.recipientsOf(manager, campaign, step, snapshot, page)).map((r) => ({
        external_id: String(r.contact.external_id),
        data: r.data,
      }));
      merged = mergeProblems(merged, this.renderer.checkRecipients(prepared, recipients));
    }
    return merged;
  }

  /** The merge data of these contacts for a step, as its sender will build it (a probe code, no delivery). */
  async recipientsOf(
    manager: EntityManager,
    campaign: CampaignRow,
    step: StepRow,
    snapshot: TemplateSnapshot,
    contactIds: string[],
  ): Promise<LoadedRecipient[]> {
    const context: StepContext = {
      ...this.runner.stepContext(campaign, step),
      templateVersionId: snapshot.versionId ?? null,
    };
    const probes = contactIds.map((contactId, index) => ({
      id: `check-${index}`,
      campaignId: campaign.id,
      stepId: step.id,
      contactId,
      channel: step.channel,
      purpose: 'marketing' as const,
      responseCode: '0000000000P',
      messageId: null,
      attempts: 0,
      createdAt: new Date(),
      data: null,
    }));
    return this.recipients.load(context, probes, manager);
  }
}

function mergeProblems(into: RecipientProblems, next: RecipientProblems): RecipientProblems {
  if (!into.total) return next;
  const missing = new Map(into.missing.map((m) => [m.variable, { ...m, external_ids: [...m.external_ids] }]));
  for (const m of next.missing) {
    const existing = missing.get(m.variable);
    if (existing) {
      existing.count += m.count;
      existing.external_ids.push(...m.external_ids.slice(0, Math.max(0, 1000 - existing.external_ids.length)));
    } else missing.set(m.variable, { ...m });
  }
  return {
    total: into.total + next.total,
    missing: [...missing.values()],
    invalid: [...into.invalid, ...next.invalid].slice(0, 1000),
  };
}
