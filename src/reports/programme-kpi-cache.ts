import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import type { ProgrammeKpis } from './programme-kpi-document';
import type { ReportPeriod } from './report-period';

/** Series kept (the dashboard's periods of a few users), the least recently read dropped first. */
const KEPT = 32;

/**
 * The programme KPIs of a series of periods, kept while the data they are computed from does not
 * change, so the dashboard read again (by another user, after a click) does not scan the
 * purchases again. Correct by construction: a series is kept under the inputs' version
 * (migration AddProgrammeKpiDataVersion) read before computing it, only when that version was
 * settled (no writer under way) and is still the same, still settled, once it is computed — so
 * no write started or ended meanwhile and every query saw exactly that version's data. It is
 * given back only while the version read is still that one and settled. Each process keeps its
 * own; the version is the database's, so a write by any process (a worker, the CLI, psql) is seen.
 */
@Injectable()
export class ProgrammeKpiCache {
  private readonly kept = new Map<string, { version: string; kpis: ProgrammeKpis[] }>();

  constructor(private readonly dataSource: DataSource) {}

  async read(
    periods: ReportPeriod[],
    currency: string,
    compute: () => Promise<ProgrammeKpis[]>,
  ): Promise<ProgrammeKpis[]> {
    const key = JSON.stringify([currency, periods.map((p) => [p.from, p.to, p.start, p.end])]);
    const version = await this.settledVersion();
    const kept = this.kept.get(key);
    if (version !== null && kept?.version === version) {
      this.kept.delete(key);
      this.kept.set(key, kept);
      return structuredClone(kept.kpis);
    }
    const kpis = await compute();
    if (version !== null && (await this.settledVersion()) === version) {
      this.kept.delete(key);
      this.kept.set(key, { version, kpis: structuredClone(kpis) });
      for (const oldest of this.kept.keys()) if (this.kept.size > KEPT) this.kept.delete(oldest);
    }
    return kpis;
  }

  /**
   * The inputs' version, or null while a statement writing them is in a transaction not yet
   * ended (it holds the shared lock its trigger took): the exclusive lock, tried without
   * waiting, is held only for this statement.
   */
  async settledVersion(): Promise<string | null> {
    const [row] = await queryRows<{ version: string | null }>(
      this.dataSource,
      `SELECT CASE WHEN pg_try_advisory_xact_lock(hashtext('relance:programme-kpi-inputs'))
                   THEN (SELECT last_value::text || (CASE WHEN is_called THEN '+' ELSE '' END) FROM programme_kpi_data_version)
              END AS version`,
    );
    return row.version;
  }
}
