import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who is to be called, and when: one row per call of a phone step (its delivery), put on the list
 * when an operator first opens it. A call-back date or a documentation follow-up moves `due_at`;
 * an outcome that ends the call sets `done`. `claimed_by`/`claimed_until` is the lease that keeps
 * two operators working the same list from getting the same client at once.
 */
export class CreateCallQueue1765619000000 implements MigrationInterface {
  name = 'CreateCallQueue1765619000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE call_queue (
        delivery_id bigint PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        due_at timestamptz NOT NULL,
        done boolean NOT NULL DEFAULT false,
        attempts int NOT NULL DEFAULT 0,
        last_outcome text,
        reason text CHECK (reason IN ('callback', 'documentation')),
        claimed_by text,
        claimed_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX call_queue_waiting_idx ON call_queue (campaign_id, due_at) WHERE NOT done`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE call_queue`);
  }
}
