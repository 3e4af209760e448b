import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The frequency cap counts a contact's messages being sent (`claimed`, `sending`) beside those
 * sent in the window (see capReleaseSql). Without an index on the contact for the in-flight ones,
 * each contact's check read every in-flight delivery of the base through deliveries_leases_idx
 * (keyed on the lease's end): 1.6 s for the win-back automation's next sends on the demo base,
 * 0.1 s with this index.
 */
export class AddDeliveryInFlightIndex1765400000000 implements MigrationInterface {
  name = 'AddDeliveryInFlightIndex1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX deliveries_contact_in_flight_idx ON deliveries (contact_id) WHERE state IN ('claimed', 'sending')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX deliveries_contact_in_flight_idx`);
  }
}
