import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { modifyReturning } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import type { CampaignDefinition } from './campaign-definition';
import { statusesLeadingTo, type CampaignStatus } from './campaign-status';
import { currentActor, type Actor } from '../core/auth/actor-context';

export interface CampaignRow {
  id: string;
  kind: 'campaign' | 'automation' | 'service';
  name: string;
  objective: string;
  status: CampaignStatus;
  definition: CampaignDefinition;
  holdout_percent: string;
  margin_rate: string | null;
  attribution_days: number;
  currency: string;
  audience: Record<string, unknown> | null;
  status_reason: string | null;
  created_at: Date;
  launched_at: Date | null;
  completed_at: Date | null;
}

export interface StepRow {
  id: string;
  campaign_id: string;
  position: number;
  channel: 'email' | 'sms' | 'letter' | 'phone';
  template: string;
  template_version_id: string | null;
  send_at: Date | null;
  delay_days: number | null;
  only_non_responders: boolean;
  status: 'pending' | 'planned' | 'dispatching' | 'dispatched' | 'cancelled';
  due_at: Date | null;
  planned_at: Date | null;
  dispatched_at: Date | null;
}

/** One step that pinned a template version. */
export interface TemplateUse {
  id: string;
  kind: CampaignRow['kind'];
  name: string;
  status: CampaignStatus;
  position: number;
  template_version_id: string;
}

@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `fixedId`: a chosen id instead of a random one (the demo's, so that its holdout — seeded by the id — is the same on every run). */
  async insert(
    definition: CampaignDefinition,
    kind: CampaignRow['kind'] = 'campaign',
    manager: EntityManager = this.dataSource.manager,
    fixedId?: string,
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO campaigns (id, kind, name, objective, definition, holdout_percent, margin_rate, attribution_days, currency)
       VALUES (coalesce($9::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        kind,
        definition.name,
        definition.objective,
        JSON.stringify(definition),
        definition.holdout_percent,
        definition.margin_rate,
        definition.attribution_days,
        definition.costs.currency,
        fixedId ?? null,
      ],
    );
    await this.insertSteps(manager, id, definition);
    await this.log(id, 'created', `campaign "${definition.name}" created`, {}, manager, currentActor());
    return id;
  }

  /** A draft's definition and steps replaced by `definition` (nothing is frozen before launch); false when no longer a draft. */
  async replaceDraft(id: string, definition: CampaignDefinition, manager: EntityManager): Promise<boolean> {
    const updated = await modifyReturning(
      manager,
      `UPDATE campaigns SET name = $2, objective = $3, definition = $4, holdout_percent = $5, margin_rate = $6,
         attribution_days = $7, currency = $8, updated_at = now() WHERE id = $1 AND status = 'draft' RETURNING id`,
      [
        id,
        definition.name,
        definition.objective,
        JSON.stringify(definition),
        definition.holdout_percent,
        definition.margin_rate,
        definition.attribution_days,
        definition.costs.currency,
      ],
    );
    if (!updated.length) return false;
    await manager.query(`DELETE FROM campaign_steps WHERE campaign_id = $1`, [id]);
    await this.insertSteps(manager, id, definition);
    await this.log(id, 'edited', `draft "${definition.name}" edited`, {}, manager, currentActor());
    return true;
  }

  private async insertSteps(manager: EntityManager, id: string, definition: CampaignDefinition): Promise<void> {
    for (const [position, step] of definition.steps.entries()) {
      await manager.query(
        `INSERT INTO campaign_steps (campaign_id, position, channel, template, send_at, delay_days, only_non_responders) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          position + 1,
          step.channel,
          step.template,
          step.send_at ?? null,
          step.delay_days ?? null,
          step.only_non_responders,
        ],
      );
    }
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<CampaignRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row]: Array<CampaignRow | undefined> = await manager.query(`SELECT * FROM campaigns WHERE id = $1`, [id]);
    return row;
  }

  async get(id: string, manager?: EntityManager): Promise<CampaignRow> {
    const row = await this.find(id, manager);
    if (!row) throw DomainError.notFound('campaigns.not_found', `no campaign with id "${id}"`);
    return row;
  }

  async list(kind: CampaignRow['kind'] = 'campaign'): Promise<CampaignRow[]> {
    return this.dataSource.query(`SELECT * FROM campaigns WHERE kind = $1 ORDER BY created_at DESC LIMIT 500`, [kind]);
  }

  async steps(campaignId: string, manager: EntityManager = this.dataSource.manager): Promise<StepRow[]> {
    return manager.query(`SELECT * FROM campaign_steps WHERE campaign_id = $1 ORDER BY position`, [campaignId]);
  }

  async step(stepId: string, manager: EntityManager = this.dataSource.manager): Promise<StepRow | undefined> {
    const [row]: Array<StepRow | undefined> = await manager.query(`SELECT * FROM campaign_steps WHERE id = $1`, [
      stepId,
    ]);
    return row;
  }

  /** Compare-and-set: moves the campaign to `to` only from a status the state machine allows. */
  async moveTo(
    id: string,
    to: CampaignStatus,
    reason: string | null,
    manager: EntityManager = this.dataSource.manager,
    actor: Actor | null = null,
  ): Promise<boolean> {
    const rows = await modifyReturning(
      manager,
      `UPDATE campaigns SET status = $2, status_reason = $3, updated_at = now(),
              launched_at = CASE WHEN $2 IN ('running', 'scheduled') THEN coalesce(launched_at, now()) ELSE launched_at END,
              completed_at = CASE WHEN $2 IN ('completed', 'cancelled') THEN now() ELSE completed_at END
       WHERE id = $1 AND status = ANY($4::text[]) RETURNING id`,
      [id, to, reason, statusesLeadingTo(to)],
    );
    if (rows.length) await this.log(id, 'status', reason ? `${to}: ${reason}` : to, { status: to }, manager, actor);
    return rows.length > 0;
  }

  /** `actor`: who did it (see actor-context); none when relance did it by itself. */
  async log(
    campaignId: string,
    type: string,
    message: string,
    details: Record<string, unknown> = {},
    manager: EntityManager = this.dataSource.manager,
    actor: Actor | null = null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_events (campaign_id, type, message, details, actor) VALUES ($1, $2, $3, $4, $5)`,
      [campaignId, type, message, JSON.stringify(details), actor],
    );
  }

  /** The campaign's history; `actor_name` names a console user (their name, else their e-mail). */
  async events(
    campaignId: string,
  ): Promise<Array<{ at: Date; type: string; message: string; actor: string | null; actor_name: string | null }>> {
    return this.dataSource.query(
      `SELECT e.at, e.type, e.message, e.details, e.actor, coalesce(u.name, u.email) AS actor_name
       FROM campaign_events e LEFT JOIN users u ON e.actor = 'user:' || u.id::text
       WHERE e.campaign_id = $1 ORDER BY e.at, e.id`,
      [campaignId],
    );
  }

  /** The campaigns and automations whose steps pinned one of these template versions (which step, which version). */
  async usingTemplateVersions(versionIds: string[]): Promise<TemplateUse[]> {
    if (!versionIds.length) return [];
    return this.dataSource.query(
      `SELECT c.id, c.kind, c.name, c.status, s.position, s.template_version_id
       FROM campaign_steps s JOIN campaigns c ON c.id = s.campaign_id
       WHERE s.template_version_id::text = ANY($1::text[]) ORDER BY c.created_at DESC, s.position`,
      [versionIds],
    );
  }
}
