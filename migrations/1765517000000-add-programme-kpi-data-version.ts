import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables the programme KPIs (`relance kpi`, the console's dashboard) are computed from. */
const KPI_INPUTS = ['purchases', 'complaints', 'complaint_compensations', 'responses'];

/**
 * A version of the programme KPIs' inputs, so their figures may be kept between two readings
 * (reports/programme-kpi-cache.ts): before any statement writes one of the input tables, whatever
 * runs it (imports, the demo, complaints, inbound answers, erasure, a cascade, psql), a trigger
 * takes a shared advisory lock for the rest of its transaction and moves the version on. A reader
 * trusts a version only when it can take that lock exclusively, i.e. when no writer is under way.
 */
export class AddProgrammeKpiDataVersion1765517000000 implements MigrationInterface {
  name = 'AddProgrammeKpiDataVersion1765517000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE programme_kpi_data_version AS bigint`);
    await db.query(
      `CREATE FUNCTION programme_kpi_inputs_changing() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock_shared(hashtext('relance:programme-kpi-inputs'));
         PERFORM nextval('programme_kpi_data_version');
         RETURN NULL;
       END $$`,
    );
    for (const table of KPI_INPUTS)
      await db.query(
        `CREATE TRIGGER ${table}_kpi_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION programme_kpi_inputs_changing()`,
      );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of KPI_INPUTS) await db.query(`DROP TRIGGER ${table}_kpi_data_version ON ${table}`);
    await db.query(`DROP FUNCTION programme_kpi_inputs_changing()`);
    await db.query(`DROP SEQUENCE programme_kpi_data_version`);
  }
}
