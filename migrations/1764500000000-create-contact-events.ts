import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Things that happened to a contact and that automations react to: a complaint closed, a
 * referral that succeeded, any event posted to `POST /api/v1/events`. Append-only; the
 * idempotency key makes a retried post or a replayed closure count once.
 */
export class CreateContactEvents1764500000000 implements MigrationInterface {
  name = 'CreateContactEvents1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE contact_events (
        id bigserial PRIMARY KEY,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.-]{0,63}$'),
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        idempotency_key text NOT NULL UNIQUE,
        source text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX contact_events_name_idx ON contact_events (name, occurred_at)`);
    await db.query(`CREATE INDEX contact_events_contact_idx ON contact_events (contact_id, occurred_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE contact_events`);
  }
}
