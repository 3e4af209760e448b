import type { EntityManager } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import type { TemplateSnapshot } from '../templates/template-library';
import type { AutomationDefinition } from './automation-definition';

/** Brings the campaign's steps to the definition's: updated in place, added, and removed when still unused. */
export async function updateSteps(
  manager: EntityManager,
  campaignId: string,
  definition: AutomationDefinition,
): Promise<void> {
  const steps: Array<{ id: string; position: number }> = await manager.query(
    `SELECT id, position FROM campaign_steps WHERE campaign_id = $1 ORDER BY position`,
    [campaignId],
  );
  for (const [index, step] of definition.steps.entries()) {
    const existing = steps.find((s) => s.position === index + 1);
    if (existing) {
      await manager.query(
        `UPDATE campaign_steps SET channel = $2, template = $3, delay_days = $4, only_non_responders = $5 WHERE id = $1`,
        [existing.id, step.channel, step.template, step.delay_days ?? null, step.only_non_responders],
      );
    } else {
      await manager.query(
        `INSERT INTO campaign_steps (campaign_id, position, channel, template, delay_days, only_non_responders) VALUES ($1, $2, $3, $4, $5, $6)`,
        [campaignId, index + 1, step.channel, step.template, step.delay_days ?? null, step.only_non_responders],
      );
    }
  }
  for (const step of steps.filter((s) => s.position > definition.steps.length)) {
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE step_id = $1`,
      [step.id],
    );
    if (n)
      throw DomainError.conflict(
        'automations.step_in_use',
        `step ${step.position} already has ${n} messages: it cannot be removed (pause the automation and create a new one)`,
      );
    await manager.query(`DELETE FROM campaign_steps WHERE id = $1`, [step.id]);
  }
}

/** Pins each step to its template version and plans it (the automation's steps are always planned). */
export async function pinSteps(manager: EntityManager, campaignId: string, pinned: TemplateSnapshot[]): Promise<void> {
  for (const [index, snapshot] of pinned.entries()) {
    await manager.query(
      `UPDATE campaign_steps SET template_version_id = $3, status = 'planned', planned_at = coalesce(planned_at, now()), due_at = coalesce(due_at, now())
       WHERE campaign_id = $1 AND position = $2`,
      [campaignId, index + 1, snapshot.versionId],
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id chosen beforehand (the console's preview used it) is a UUID no automation has yet. */
export async function assertFreeId(manager: EntityManager, id: string): Promise<void> {
  if (!UUID.test(id)) throw DomainError.invalid('automations.id', `id: "${id}" is not a UUID`);
  const [taken]: unknown[] = await manager.query(`SELECT 1 FROM automations WHERE id = $1::uuid`, [id]);
  if (taken) throw DomainError.conflict('automations.id_taken', `an automation already has the id ${id}`);
}

/** Creating an automation under a name another one has (the CLI's upsert updates it instead). */
export function nameTaken(name: string): DomainError {
  return DomainError.conflict('automations.name_taken', `name: an automation is already named "${name}"`, {
    fields: [{ field: 'name', reason: `an automation is already named "${name}"` }],
  });
}
