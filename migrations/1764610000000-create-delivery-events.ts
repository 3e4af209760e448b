import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What providers tell us after a message left: delivery receipts, bounces, spam complaints.
 * Append-only; the dedupe key makes a retried webhook count once. The recipient is kept only
 * as the keyed hash the suppression list uses, so soft bounces of one address can be counted
 * over a window without storing the address again.
 */
export class CreateDeliveryEvents1764610000000 implements MigrationInterface {
  name = 'CreateDeliveryEvents1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE delivery_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        channel text CHECK (channel IN ('email', 'sms')),
        type text NOT NULL CHECK (type IN ('delivered', 'bounced', 'soft_bounce', 'complaint', 'failed')),
        recipient_hash bytea,
        reason text,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL,
        outcome text NOT NULL,
        dedupe_key text NOT NULL,
        CONSTRAINT delivery_events_dedupe_key_key UNIQUE (dedupe_key)
      )`);
    await db.query(`CREATE INDEX delivery_events_recipient_idx ON delivery_events (channel, recipient_hash, occurred_at) WHERE type = 'soft_bounce'`);
    await db.query(`CREATE INDEX delivery_events_delivery_idx ON delivery_events (delivery_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery_events`);
  }
}
