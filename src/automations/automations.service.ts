import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { SavedSegmentsService } from '../segments/saved-segments.service';
import { SegmentsService } from '../segments/segments.service';
import { TemplatesService } from '../templates/templates.service';
import { TemplatePreviewService } from '../templates/template-preview.service';
import { isMessageError } from '../deliveries/channel-sender';
import type { TemplateSnapshot } from '../templates/template-library';
import { parseAutomationDefinition, type AutomationDefinition } from './automation-definition';
import { assertFreeId, nameTaken, pinSteps, updateSteps } from './automation-steps';
import { triggerData } from './trigger-data';
import { candidatesSql, type Params } from './trigger-sql';
import { currentActor } from '../core/auth/actor-context';
import { DeliveryState, sqlState } from '../deliveries/delivery-state';

export interface AutomationRow {
  id: string;
  name: string;
  campaign_id: string;
  trigger: AutomationDefinition['trigger'];
  definition: AutomationDefinition;
  status: 'active' | 'paused';
  last_tick_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Automations as the marketer sees them: created or updated by name from the JSON of the
 * contract, templates checked and pinned like a campaign launch, paused and resumed. Each owns
 * an evergreen campaign (kind `automation`) whose steps carry its deliveries.
 */
/** A line of `automation list`. */
export interface AutomationListItem {
  id: string;
  name: string;
  status: string;
  status_reason: string | null;
  trigger: AutomationDefinition['trigger'];
  campaign_id: string;
  last_tick_at: Date | null;
  created_at: Date;
  sent: number;
  failed: number;
}

@Injectable()
export class AutomationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly templates: TemplatesService,
    private readonly previews: TemplatePreviewService,
    private readonly segments: SegmentsService,
    private readonly saved: SavedSegmentsService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /**
   * Creates the automation, or updates the one with the same name; returns its id. The console
   * says which it means: `create` refuses a name already taken (and may give the id to create it
   * with, the one its preview used), `update` changes the automation `id` names, its name included.
   */
  async save(
    input: unknown,
    target: { mode: 'upsert' } | { mode: 'create'; id?: string } | { mode: 'update'; id: string } = { mode: 'upsert' },
  ): Promise<{ id: string; created: boolean }> {
    const definition = this.parse(input);
    if (definition.segment) this.segments.validate(definition.segment);
    // Templates pinned and checked before the transaction (pinning writes versions on its own).
    const pinned = await this.pinAndCheckSteps(definition);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`relance:automation:${definition.name}`]);
      const [named]: Array<{ id: string; campaign_id: string } | undefined> = await manager.query(
        `SELECT id, campaign_id FROM automations WHERE name = $1`,
        [definition.name],
      );
      if (target.mode === 'update') {
        const existing = await this.get(target.id, manager);
        if (named && named.id !== existing.id) throw nameTaken(definition.name);
        if (existing.name !== definition.name) {
          await manager.query(`UPDATE automations SET name = $2 WHERE id = $1`, [existing.id, definition.name]);
          await manager.query(`UPDATE campaigns SET name = $2 WHERE id = $1`, [existing.campaign_id, definition.name]);
        }
        return this.updateExisting(manager, existing, definition, pinned);
      }
      if (named && target.mode === 'create') throw nameTaken(definition.name);
      if (named) return this.updateExisting(manager, named, definition, pinned);
      const id = target.mode === 'create' ? target.id : undefined;
      if (id !== undefined) await assertFreeId(manager, id);
      const campaignId = await this.campaigns.insert(definition, 'automation', manager);
      await manager.query(`UPDATE campaigns SET status = 'running', launched_at = now() WHERE id = $1`, [campaignId]);
      await pinSteps(manager, campaignId, pinned);
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO automations (id, name, campaign_id, trigger, definition) VALUES (coalesce($5::uuid, gen_random_uuid()), $1, $2, $3, $4) RETURNING id`,
        [definition.name, campaignId, JSON.stringify(definition.trigger), JSON.stringify(definition), id ?? null],
      );
      return { id: row.id, created: true };
    });
  }

  /** The definition, or every problem with its path (400). */
  private parse(input: unknown): AutomationDefinition {
    const parsed = parseAutomationDefinition(input, { currency: this.config.defaultCurrency });
    if ('problems' in parsed)
      throw DomainError.invalid(
        'automations.invalid',
        `invalid automation: ${parsed.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
        { fields: parsed.problems },
      );
    return parsed.definition;
  }

  /** Pins each step's template and checks it suits the step (channel, data): the snapshots, in step order. */
  private async pinAndCheckSteps(definition: AutomationDefinition): Promise<TemplateSnapshot[]> {
    const pinned: TemplateSnapshot[] = [];
    for (const [index, step] of definition.steps.entries()) {
      const { snapshot } = await this.templates.pin(step.template);
      const prepared = await this.templates.assertLaunchable(snapshot, [], definition.sender);
      if (prepared.channel !== step.channel) {
        throw DomainError.invalid(
          'automations.template_channel',
          `steps[${index}]: ${step.template} is a ${prepared.channel} template, the step is ${step.channel}`,
        );
      }
      await this.assertDataGiven(definition, index);
      // Its data must suit the template (a date where a date is expected…): checked on the sample
      // contact now, not discovered message by message on the first birthday.
      await this.previews
        .preview({ template: step.template, sender: definition.sender, data: definition.data })
        .catch((error: unknown) => {
          if (!isMessageError(error)) throw error;
          throw DomainError.invalid('automations.template_data', `steps[${index}]: ${error.message}`, {
            fields: [{ field: `steps[${index}].template`, reason: error.message }],
          });
        });
      pinned.push(snapshot);
    }
    return pinned;
  }

  /** Updates the automation of the same name and its campaign to the new definition. */
  private async updateExisting(
    manager: EntityManager,
    existing: { id: string; campaign_id: string },
    definition: AutomationDefinition,
    pinned: TemplateSnapshot[],
  ): Promise<{ id: string; created: boolean }> {
    await updateSteps(manager, existing.campaign_id, definition);
    await pinSteps(manager, existing.campaign_id, pinned);
    await manager.query(
      `UPDATE campaigns SET definition = $2, objective = $3, holdout_percent = $4, margin_rate = $5, attribution_days = $6, currency = $7 WHERE id = $1`,
      [
        existing.campaign_id,
        JSON.stringify(definition),
        definition.objective,
        definition.holdout_percent,
        definition.margin_rate,
        definition.attribution_days,
        definition.costs.currency,
      ],
    );
    await manager.query(`UPDATE automations SET trigger = $2, definition = $3, updated_at = now() WHERE id = $1`, [
      existing.id,
      JSON.stringify(definition.trigger),
      JSON.stringify(definition),
    ]);
    await this.campaigns.log(existing.campaign_id, 'updated', `automation "${definition.name}" updated`, {}, manager);
    return { id: existing.id, created: false };
  }

  /**
   * The campaign data and sender fields the step's template needs are in the definition (or come
   * with every message from the trigger): the template's sample values do not count, or an
   * automation that can only fail would be accepted and every message fail when sent. A raw
   * output (`{{{campaign.data.x}}}`) of what the trigger sets is refused too: raw output prints
   * only the automation's own data, so every such message would fail.
   */
  private async assertDataGiven(definition: AutomationDefinition, index: number): Promise<void> {
    const step = definition.steps[index];
    const fromTrigger = triggerData(definition.trigger, index + 1);
    const own = definition.data ?? {};
    const { missing, rawFromTrigger } = await this.previews.operatorDataProblems({
      template: step.template,
      sender: definition.sender,
      campaign: { id: 'automation', name: definition.name, objective: definition.objective, data: own },
      trigger: fromTrigger.data,
      open: (path) => fromTrigger.open && path.startsWith('campaign.data.'),
      fromTrigger: (name) =>
        Object.hasOwn(fromTrigger.data, name) ||
        fromTrigger.sometimes.includes(name) ||
        (fromTrigger.open && !Object.hasOwn(own, name)),
    });
    if (rawFromTrigger.length) {
      const reason = `${step.template} prints ${rawFromTrigger.map((raw) => raw.expression).join(', ')} raw, but what the trigger${fromTrigger.open ? ' or the event' : ''} brings is never printed raw, only the automation's own "data": write ${rawFromTrigger.map((raw) => `{{${raw.path}}}`).join(', ')} to print it escaped`;
      throw DomainError.invalid('automations.raw_trigger_data', `steps[${index}]: ${reason}`, {
        fields: [{ field: `steps[${index}].template`, reason }],
      });
    }
    if (!missing.length) return;
    const fields = missing.map((path) => ({
      field: path.replace(/^campaign\./, ''),
      reason: `${step.template} needs {{${path}}}`,
    }));
    throw DomainError.invalid(
      'automations.missing_data',
      `steps[${index}]: ${step.template} needs ${fields.map((f) => f.field).join(', ')}, which the automation does not give: add ${missing.length > 1 ? 'them' : 'it'} (campaign data under "data", sender fields under "sender")`,
      { fields },
    );
  }

  async get(idOrName: string, manager: EntityManager = this.dataSource.manager): Promise<AutomationRow> {
    const [row]: Array<AutomationRow | undefined> = await manager.query(
      `SELECT * FROM automations WHERE ${UUID.test(idOrName) ? 'id = $1::uuid' : 'name = $1'}`,
      [idOrName],
    );
    if (!row) throw DomainError.notFound('automations.not_found', `no automation "${idOrName}"`);
    return row;
  }

  /**
   * The occurrences of the automation's trigger due in (from, to], filtered by its segment as it
   * stands at `at` (rules, or the saved segment they name): SQL with its parameters added to `p`.
   */
  async candidates(automation: AutomationRow, window: { from: Date; to: Date }, at: Date, p: Params): Promise<string> {
    const { segment_id: segmentId, segment } = automation.definition;
    const rules = segmentId ? (await this.saved.get(segmentId)).rules : segment;
    let segmentSql: string | undefined;
    if (rules && JSON.stringify(rules) !== '{"all":[]}') {
      const compiled = this.segments.compile(rules, { now: at, paramOffset: p.values.length });
      p.values.push(...compiled.params);
      segmentSql = compiled.sql;
    }
    return candidatesSql(
      automation.trigger,
      {
        ...window,
        defaultTimezone: this.config.defaultTimezone,
        automationId: automation.id,
        automationCreatedAt: new Date(automation.created_at),
        segmentSql,
      },
      p,
    );
  }

  /**
   * Each automation with its status and, when paused, why (by a user, by itself when its messages
   * kept failing, or because its sending stopped: the relay refusing our credentials…).
   */
  async list(): Promise<AutomationListItem[]> {
    return this.dataSource.query(
      `SELECT a.id, a.name, CASE WHEN c.status = 'paused' THEN 'paused' ELSE a.status END AS status,
              CASE WHEN a.status = 'paused' OR c.status = 'paused' THEN c.status_reason END AS status_reason,
              a.trigger, a.campaign_id, a.last_tick_at, a.created_at,
              (SELECT count(*) FROM deliveries d WHERE d.campaign_id = a.campaign_id AND d.sent_at IS NOT NULL AND d.state <> ${sqlState(DeliveryState.Failed)})::int AS sent,
              (SELECT count(*) FROM deliveries d WHERE d.campaign_id = a.campaign_id AND d.state = ${sqlState(DeliveryState.Failed)})::int AS failed
       FROM automations a JOIN campaigns c ON c.id = a.campaign_id ORDER BY a.name`,
    );
  }

  /** Pausing stops new occurrences and the sending of queued ones; resuming catches up within the window. */
  async setStatus(idOrName: string, status: 'active' | 'paused'): Promise<{ id: string; status: string }> {
    const automation = await this.get(idOrName);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE automations SET status = $2, updated_at = now() WHERE id = $1`, [
        automation.id,
        status,
      ]);
      await manager.query(`UPDATE campaigns SET status = $2, status_reason = $3 WHERE id = $1`, [
        automation.campaign_id,
        status === 'active' ? 'running' : 'paused',
        status === 'active' ? null : 'paused by a user',
      ]);
      await this.campaigns.log(
        automation.campaign_id,
        status === 'active' ? 'resumed' : 'paused',
        `automation ${status === 'active' ? 'resumed' : 'paused'}`,
        {},
        manager,
        currentActor(),
      );
    });
    return { id: automation.id, status };
  }
}
