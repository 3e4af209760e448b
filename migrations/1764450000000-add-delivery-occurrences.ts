import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One message per (step, contact) was right for a campaign, not for what repeats: a birthday
 * every year, a service message per idempotency key. Deliveries gain an `occurrence` ('' for a
 * campaign step) inside the unique key. Sign-ups remember their confirmation message.
 */
export class AddDeliveryOccurrences1764450000000 implements MigrationInterface {
  name = 'AddDeliveryOccurrences1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries ADD COLUMN occurrence text NOT NULL DEFAULT ''`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_step_contact_key`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_step_contact_occurrence_key UNIQUE (step_id, contact_id, occurrence)`);
    await db.query(`ALTER TABLE signups ADD COLUMN delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL`);
    await db.query(`CREATE INDEX signups_delivery_idx ON signups (delivery_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX signups_delivery_idx`);
    await db.query(`ALTER TABLE signups DROP COLUMN delivery_id`);
    await db.query(`DELETE FROM deliveries WHERE occurrence <> ''`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_step_contact_occurrence_key`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_step_contact_key UNIQUE (step_id, contact_id)`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN occurrence`);
  }
}
