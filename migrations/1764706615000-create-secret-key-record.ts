import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database's record of the installation's secret key (one row): its fingerprint, so a process
 * started with another key is refused instead of breaking links and the suppression list, and the
 * suppression-hash key sealed under it, which stays the same across explicit rotations. The row is
 * written by the first process that starts (from the key in use then).
 */
export class CreateSecretKeyRecord1764706615000 implements MigrationInterface {
  name = 'CreateSecretKeyRecord1764706615000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secret_key_record (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        key_fingerprint text NOT NULL,
        sealed_suppression_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secret_key_record`);
  }
}
