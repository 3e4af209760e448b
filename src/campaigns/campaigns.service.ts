import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { TemplatesService } from '../templates/templates.service';
import { parseCampaignDefinition, type CampaignStepDefinition } from './campaign-definition';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignsRepository, type CampaignRow } from './campaigns.repository';
import { listedParts, type DeliveryListFilter } from './delivery-list-filter';
import { nextCursor, parseDeliveryPage } from './delivery-list-page';
import { deliveryRowsStatement, HELD_OUT_ROWS_SQL } from './delivery-list.sql';
import {
  detailedRow,
  listRow,
  type DeliveryListPage,
  type DetailedDeliveryListPage,
  type PositionedRow,
} from './delivery-list-rows';

export {
  DELIVERY_LIST_COLUMNS,
  type DeliveryListPage,
  type DeliveryListRow,
  type DetailedDeliveryListPage,
  type DetailedDeliveryListRow,
} from './delivery-list-rows';
import { currentActor } from '../core/auth/actor-context';

/** Campaign management: create, read, lifecycle (pause, resume, cancel), progress and deliveries. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly runner: CampaignRunner,
    private readonly templates: TemplatesService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async create(input: unknown, options: { id?: string } = {}): Promise<{ id: string }> {
    const definition = await this.validDefinition(input);
    return { id: await this.campaigns.insert(definition, 'campaign', undefined, options.id) };
  }

  /** A draft's definition replaced, checked as `create` checks it; refused once the campaign was launched. */
  async updateDraft(id: string, input: unknown): Promise<{ id: string }> {
    const definition = await this.validDefinition(input);
    await this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaigns.get(id, manager);
      if (campaign.kind !== 'campaign' || !(await this.campaigns.replaceDraft(id, definition, manager)))
        throw DomainError.conflict(
          'campaigns.not_draft',
          `campaign ${id} is ${campaign.status}: only a draft is edited`,
        );
    });
    return { id };
  }

  /** A new draft with the same definition (its name marked as a copy), whatever the original's status. */
  async duplicate(id: string): Promise<{ id: string }> {
    const campaign = await this.campaigns.get(id);
    if (campaign.kind !== 'campaign') throw DomainError.notFound('campaigns.not_found', `no campaign with id "${id}"`);
    const name = `${campaign.definition.name} (copie)`.slice(0, 200);
    return { id: await this.campaigns.insert({ ...campaign.definition, name }, 'campaign') };
  }

  /** The definition parsed and validated (`campaigns.invalid` with every field), its templates found. */
  private async validDefinition(input: unknown) {
    const result = parseCampaignDefinition(input, { currency: this.config.defaultCurrency });
    if ('problems' in result) {
      throw DomainError.invalid(
        'campaigns.invalid',
        `invalid campaign: ${result.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
        { fields: result.problems },
      );
    }
    await this.assertTemplatesExist(result.definition.steps, Array.isArray((input as { steps?: unknown }).steps));
    return result.definition;
  }

  /**
   * Each step's template exists (library path or stored id) and is of the step's channel: a
   * campaign that could only fail at launch is refused when it is created. Lint and data are
   * still checked at launch, against the audience.
   */
  private async assertTemplatesExist(steps: CampaignStepDefinition[], listed: boolean): Promise<void> {
    for (const [index, step] of steps.entries()) {
      const field = listed ? `steps[${index}].template` : 'template';
      const snapshot = await this.templates.resolve(step.template).catch((error: unknown) => {
        if (!(error instanceof DomainError) || error.kind !== 'not_found') throw error;
        throw DomainError.invalid('campaigns.template_not_found', `${field}: ${error.message}`, {
          fields: [{ field, reason: error.message }],
        });
      });
      if (snapshot.channel && snapshot.channel !== step.channel) {
        const reason = `${step.template} is ${snapshot.channel === 'email' ? 'an' : 'a'} ${snapshot.channel} template, the step is ${step.channel}`;
        throw DomainError.invalid('campaigns.template_channel', `${field}: ${reason}`, { fields: [{ field, reason }] });
      }
    }
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const campaign = await this.campaigns.get(id);
    const steps = await this.campaigns.steps(id);
    return {
      ...summary(campaign),
      definition: campaign.definition,
      steps: steps.map((s) => ({
        position: s.position,
        channel: s.channel,
        template: s.template,
        template_version_id: s.template_version_id,
        status: s.status,
        due_at: s.due_at,
        dispatched_at: s.dispatched_at,
      })),
      progress: await this.deliveries.counts(id),
      events: await this.campaigns.events(id),
    };
  }

  async list(): Promise<Array<Record<string, unknown>>> {
    return (await this.campaigns.list()).map(summary);
  }

  async pause(id: string, reason = 'paused by a user'): Promise<{ id: string; status: string }> {
    return this.move(id, 'paused', reason);
  }

  async resume(id: string): Promise<{ id: string; status: string }> {
    const result = await this.move(id, 'running', null);
    for (const step of await this.campaigns.steps(id)) if (step.status === 'planned') await this.runner.kick(step.id);
    return result;
  }

  async cancel(id: string): Promise<{ id: string; status: string }> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.campaigns.get(id, manager);
      if (!(await this.campaigns.moveTo(id, 'cancelled', 'cancelled by a user', manager, currentActor()))) {
        throw DomainError.conflict(
          'campaigns.bad_transition',
          `campaign ${id} is ${campaign.status}: it cannot be cancelled`,
        );
      }
      await this.deliveries.expireNotHandedOver(manager, id, 'campaign cancelled');
      await manager.query(
        `UPDATE campaign_steps SET status = 'cancelled' WHERE campaign_id = $1 AND status IN ('pending', 'planned')`,
        [id],
      );
      return { id, status: 'cancelled' };
    });
  }

  private async move(
    id: string,
    to: 'paused' | 'running',
    reason: string | null,
  ): Promise<{ id: string; status: string }> {
    const campaign = await this.campaigns.get(id);
    if (campaign.status === to) return { id, status: to };
    if (!(await this.campaigns.moveTo(id, to, reason, undefined, currentActor()))) {
      throw DomainError.conflict(
        'campaigns.bad_transition',
        `campaign ${id} is ${campaign.status}: it cannot become ${to}`,
      );
    }
    return { id, status: to };
  }

  /** Live counts per delivery state, per step. */
  async progress(id: string): Promise<Record<string, unknown>> {
    const campaign = await this.campaigns.get(id);
    const steps: Array<{ position: number; channel: string; status: string; state: string | null; n: number }> =
      await this.dataSource.query(
        `SELECT s.position, s.channel, s.status, d.state, count(d.id)::int AS n
       FROM campaign_steps s LEFT JOIN deliveries d ON d.step_id = s.id
       WHERE s.campaign_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1`,
        [id],
      );
    const byStep = new Map<number, Record<string, unknown>>();
    for (const row of steps) {
      const entry = byStep.get(row.position) ?? {
        position: row.position,
        channel: row.channel,
        status: row.status,
        states: {},
      };
      if (row.state) (entry.states as Record<string, number>)[row.state] = row.n;
      byStep.set(row.position, entry);
    }
    return {
      id,
      status: campaign.status,
      status_reason: campaign.status_reason,
      steps: [...byStep.values()],
      totals: await this.deliveries.counts(id),
    };
  }

  /**
   * One page of the delivery list: every delivery in id order, then every member of the control
   * group (`holdout: true`, no delivery, state `held_out`, no step: they were held from every
   * step), so a manager sees who was held back. `next` is the `after` of the following page.
   * `filter` keeps one state and/or one step (see delivery-list-filter).
   */
  async deliveryList(
    id: string,
    page: { after?: string; limit?: string | number } = {},
    filter: DeliveryListFilter = {},
  ): Promise<DeliveryListPage> {
    const detailed = await this.detailedDeliveryList(id, page, filter);
    return {
      rows: detailed.rows.map(listRow),
      next: detailed.next,
    };
  }

  /** The same list, each row with the contact's name and e-mail and the delivery's dates (the console's list and its CSV). */
  async detailedDeliveryList(
    id: string,
    page: { after?: string; limit?: string | number } = {},
    filter: DeliveryListFilter = {},
  ): Promise<DetailedDeliveryListPage> {
    await this.campaigns.get(id);
    const { cursor, limit } = parseDeliveryPage(page);
    const parts = listedParts(filter);
    const rows: PositionedRow[] = [];
    if (parts.deliveries && cursor.part === 'deliveries') {
      const statement = deliveryRowsStatement(filter);
      rows.push(
        ...(await queryRows<PositionedRow>(this.dataSource, statement.sql, [
          id,
          cursor.after,
          limit,
          ...statement.extra,
        ])),
      );
    }
    if (rows.length < limit && parts.holdout) {
      const after = cursor.part === 'holdout' ? cursor.after : '0';
      rows.push(
        ...(await queryRows<PositionedRow>(this.dataSource, HELD_OUT_ROWS_SQL, [id, after, limit - rows.length])),
      );
    }
    const last = rows.at(-1);
    return {
      rows: rows.map(detailedRow),
      next: nextCursor(last && { part: last.list_part, position: last.position }, rows.length, limit),
    };
  }
}

function summary(campaign: CampaignRow): Record<string, unknown> {
  return {
    id: campaign.id,
    name: campaign.name,
    objective: campaign.objective,
    status: campaign.status,
    status_reason: campaign.status_reason,
    audience: campaign.audience,
    created_at: campaign.created_at,
    launched_at: campaign.launched_at,
    completed_at: campaign.completed_at,
  };
}
