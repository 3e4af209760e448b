import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automations: a trigger over the client base, run by a scheduler tick. Each automation owns an
 * evergreen campaign (kind 'automation') whose steps carry its messages, so delivery, consent,
 * tracking and the report are the campaigns' own. Every occurrence — (automation, contact,
 * occurrence key) — is recorded once under a unique constraint, whatever happened to it: queued,
 * held out, excluded by consent, or skipped because it was missed beyond the catch-up window.
 */
export class CreateAutomations1764550000000 implements MigrationInterface {
  name = 'CreateAutomations1764550000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE automations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        campaign_id uuid NOT NULL UNIQUE REFERENCES campaigns (id) ON DELETE CASCADE,
        trigger jsonb NOT NULL,
        definition jsonb NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        last_tick_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE automation_occurrences (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        automation_id uuid NOT NULL REFERENCES automations (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        occurrence text NOT NULL,
        step_position int NOT NULL DEFAULT 1,
        due_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('queued', 'holdout', 'excluded', 'skipped')),
        reason text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        -- The tick instant that handled it (the simulated one for automations run --at).
        handled_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT automation_occurrences_key UNIQUE (automation_id, contact_id, occurrence, step_position)
      )`);
    await db.query(`CREATE INDEX automation_occurrences_due_idx ON automation_occurrences (automation_id, due_at)`);
    await db.query(`CREATE INDEX automation_occurrences_contact_idx ON automation_occurrences (contact_id)`);
    // The holdout of an evergreen campaign is compared from each contact's own occurrence, not from a launch date.
    await db.query(`ALTER TABLE campaign_audience ADD COLUMN reference_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_audience DROP COLUMN reference_at`);
    await db.query(`DROP TABLE automation_occurrences`);
    await db.query(`DROP TABLE automations`);
  }
}
