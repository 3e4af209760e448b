import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports started from the console: the uploaded file (stored under `$RELANCE_HOME/uploads`), the
 * mapping chosen, the progress the running import records (bytes and rows read) so that any
 * process can answer "where is it?", and the summary once it is done.
 */
export class CreateImportRuns1765300000000 implements MigrationInterface {
  name = 'CreateImportRuns1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE import_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        file_name text NOT NULL,
        stored_file text NOT NULL,
        status text NOT NULL DEFAULT 'analysed' CHECK (status IN ('analysed', 'running', 'done', 'failed')),
        mapping jsonb,
        bytes bigint NOT NULL DEFAULT 0,
        bytes_read bigint NOT NULL DEFAULT 0,
        rows_read integer NOT NULL DEFAULT 0,
        summary jsonb,
        failure text,
        actor text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX import_runs_created_idx ON import_runs (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE import_runs`);
  }
}
