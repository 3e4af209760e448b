import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ExclusiveRunner } from '../core/database/exclusive-runner';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { scoringConfig, type ScoringConfigType } from './scoring.config';
import { DELETE_STALE_SCORES, SCORES_SUMMARY, scoringStatement } from './scoring-sql';

export interface ScoringReport {
  as_of: string;
  contacts: number;
  rfm_scored: number;
  changed: number;
  lifecycle: Record<'acquisition' | 'development' | 'retention' | 'decline', number>;
  value_tier: Record<'top' | 'core' | 'tail', number>;
  silent: number;
  duration_ms: number;
}

/** The row of SCORES_SUMMARY: contacts per lifecycle stage and value tier. */
type ScoresSummary = Pick<ScoringReport, 'contacts' | 'rfm_scored' | 'silent'> &
  ScoringReport['lifecycle'] &
  ScoringReport['value_tier'];

export interface ScoringRun {
  as_of: Date;
  finished_at: Date;
}

/** One scoring job at a time across every relance process. */
const LOCK = 'relance:segment-scoring';

/**
 * Recomputes the scores and stages segments read (RFM, value tier, lifecycle, silent) for the
 * whole base in one transaction of set-based SQL: readers see the previous scores until it commits.
 */
@Injectable()
export class SegmentScoringService {
  private readonly logger = new Logger('Scoring');

  constructor(
    private readonly dataSource: DataSource,
    private readonly exclusive: ExclusiveRunner,
    @Inject(scoringConfig.KEY) private readonly settings: ScoringConfigType,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** Recomputes every score as of `now`; refuses while another process is doing it. */
  async rescore(options: { now?: Date } = {}): Promise<ScoringReport> {
    const outcome = await this.tryRescore(options);
    if (!outcome)
      throw DomainError.conflict(
        'segments.scoring_running',
        'the scores are being recomputed by another relance process; try again when it has finished',
      );
    return outcome;
  }

  /** Like `rescore`, but answers undefined when another process holds the job (the nightly run skips). */
  async tryRescore(options: { now?: Date } = {}): Promise<ScoringReport | undefined> {
    const outcome = await this.exclusive.run(LOCK, () => this.run(options.now ?? new Date()));
    return outcome.ran ? outcome.result : undefined;
  }

  /** The latest run: `as_of` is the instant the scores describe. */
  async lastRun(): Promise<ScoringRun | undefined> {
    const [run]: ScoringRun[] = await this.dataSource.query(
      `SELECT as_of, finished_at FROM segment_scoring_runs ORDER BY id DESC LIMIT 1`,
    );
    return run;
  }

  private async run(now: Date): Promise<ScoringReport> {
    const startedAt = new Date();
    const report = await this.dataSource.transaction(async (manager) => {
      // Sorts and hashes over every purchase: give this one transaction room to do them in memory.
      // JIT compilation costs more than it saves on this one-off statement (the planner overestimates its rows).
      await manager.query(`SET LOCAL work_mem = '256MB'`);
      await manager.query(`SET LOCAL jit = off`);
      const statement = scoringStatement(this.settings, now, this.config.defaultCurrency);
      const [{ changed }] = await queryRows<{ changed: number }>(manager, statement.sql, statement.params);
      await manager.query(DELETE_STALE_SCORES);
      // Fresh statistics, so segment queries right after a large rescore are planned on the new distribution.
      if (changed > 0) await manager.query(`ANALYZE contact_scores`);
      const [summary] = await queryRows<ScoresSummary>(manager, SCORES_SUMMARY);
      const result: ScoringReport = {
        as_of: now.toISOString(),
        contacts: summary.contacts,
        rfm_scored: summary.rfm_scored,
        changed,
        lifecycle: {
          acquisition: summary.acquisition,
          development: summary.development,
          retention: summary.retention,
          decline: summary.decline,
        },
        value_tier: { top: summary.top, core: summary.core, tail: summary.tail },
        silent: summary.silent,
        duration_ms: Date.now() - startedAt.getTime(),
      };
      await manager.query(
        `INSERT INTO segment_scoring_runs (as_of, started_at, finished_at, settings, summary) VALUES ($1, $2, clock_timestamp(), $3, $4)`,
        [now.toISOString(), startedAt.toISOString(), JSON.stringify(this.settings), JSON.stringify(result)],
      );
      return result;
    });
    this.logger.log(
      `scores recomputed for ${report.contacts} contacts (${report.changed} changed) in ${report.duration_ms} ms`,
    );
    return report;
  }
}
