import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CONSENT_POLICY, type ConsentPolicy } from '../consent/consent-policy';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { compileSegment, type CompiledSegment } from './rule-compiler';
import { validateRules } from './rule-validator';
import { isUuid, SavedSegmentsService } from './saved-segments.service';
import { previewStatement } from './segment-preview-sql';
import { shapeBreakdown, type BreakdownRow, type SampleContact, type SegmentPreview } from './segment-preview';
import { SNAPSHOT_MEMBER_PAGE } from './segments.dto';
import type { CheckedNode, SegmentContext } from './segment-rules';

export interface EvaluationOptions {
  /** The instant the rules are evaluated at (dates, windows, anniversaries); default: now. */
  now?: Date;
  /** Run inside the caller's transaction (on the embedded database, never mix it with other connections). */
  manager?: EntityManager;
}

export interface SnapshotOptions extends EvaluationOptions {
  label?: string;
  createdBy?: string;
}

export interface SnapshotResult {
  id: string;
  count: number;
  segment_id: string | null;
  evaluated_at: string;
}

/** Rules as JSON, or the id or name of a saved segment. */
export type SegmentSource = unknown;

/**
 * The segmentation engine's service: rules in, contacts out. `compile` gives the campaign engine
 * a subquery; `count` and `preview` answer marketers at once; `snapshot` freezes an audience
 * (set-based, inside the caller's transaction when given one). Erased contacts are never included.
 */
@Injectable()
export class SegmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly saved: SavedSegmentsService,
    @Inject(CONSENT_POLICY) private readonly policy: ConsentPolicy,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** Validates rules (throws `segments.invalid_rules` with every offending path). */
  validate(rules: unknown): CheckedNode {
    return validateRules(rules);
  }

  context(now: Date = new Date()): SegmentContext {
    return { policy: this.policy, now, timeZone: this.config.defaultTimezone, currency: this.config.defaultCurrency };
  }

  /** `SELECT c.id FROM contacts c … WHERE …` and its parameters, numbered after `paramOffset` placeholders of an enclosing query. */
  compile(rules: unknown, options: { now?: Date; paramOffset?: number } = {}): CompiledSegment {
    return compileSegment(validateRules(rules), this.context(options.now), { paramOffset: options.paramOffset });
  }

  async count(source: SegmentSource, options: EvaluationOptions = {}): Promise<number> {
    return this.withoutJit(options.manager, async (db) => {
      const compiled = this.compile(await this.rulesOf(source, db), options);
      const [{ count }]: Array<{ count: number }> = await db.query(
        `SELECT count(*)::int AS count FROM (${compiled.sql}) audience`,
        compiled.params,
      );
      return count;
    });
  }

  async preview(source: SegmentSource, options: EvaluationOptions = {}): Promise<SegmentPreview> {
    const now = options.now ?? new Date();
    return this.withoutJit(options.manager, async (db) => {
      const compiled = this.compile(await this.rulesOf(source, db), { now });
      const statement = previewStatement(compiled, this.policy);
      const [row] = await queryRows<{ breakdown: BreakdownRow[]; sample: SampleContact[] }>(
        db,
        statement.sql,
        statement.params,
      );
      const [run] = await queryRows<{ as_of: Date } | undefined>(
        db,
        `SELECT as_of FROM segment_scoring_runs ORDER BY id DESC LIMIT 1`,
      );
      return {
        ...shapeBreakdown(row.breakdown),
        sample: row.sample,
        evaluated_at: now.toISOString(),
        scored_at: run ? new Date(run.as_of).toISOString() : null,
        consent_policy: this.policy.name,
      };
    });
  }

  /**
   * Freezes the audience: one `segment_snapshots` row and its members, written by one
   * INSERT … SELECT of the compiled rules. Give `manager` to do it inside a campaign launch.
   */
  async snapshot(source: SegmentSource, options: SnapshotOptions = {}): Promise<SnapshotResult> {
    const work = async (manager: EntityManager): Promise<SnapshotResult> => {
      const now = options.now ?? new Date();
      const segment = typeof source === 'string' ? await this.saved.get(source, manager) : undefined;
      const rules = segment ? segment.rules : source;
      const compiled = this.compile(rules, { now, paramOffset: 1 });
      const [{ id }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO segment_snapshots (segment_id, label, rules, evaluated_at, scored_at, created_by)
         VALUES ($1, $2, $3, $4, (SELECT as_of FROM segment_scoring_runs ORDER BY id DESC LIMIT 1), $5) RETURNING id`,
        [
          segment?.id ?? null,
          options.label ?? segment?.name ?? null,
          JSON.stringify(rules),
          now.toISOString(),
          options.createdBy ?? null,
        ],
      );
      // In contact order: both indexes of the members table then grow at one end.
      const [{ member_count }]: Array<{ member_count: number }> = await manager.query(
        `WITH added AS (
           INSERT INTO segment_snapshot_members (snapshot_id, contact_id)
           SELECT $1::uuid, audience.id FROM (${compiled.sql}) audience ORDER BY audience.id RETURNING 1
         ), counted AS (
           UPDATE segment_snapshots SET member_count = (SELECT count(*) FROM added) WHERE id = $1::uuid RETURNING member_count
         )
         SELECT member_count FROM counted`,
        [id, ...compiled.params],
      );
      return { id, count: member_count, segment_id: segment?.id ?? null, evaluated_at: now.toISOString() };
    };
    return this.withoutJit(options.manager, work);
  }

  async getSnapshot(id: string): Promise<Record<string, unknown>> {
    const [snapshot] = isUuid(id)
      ? await queryRows<Record<string, unknown> | undefined>(
          this.dataSource,
          `SELECT id, segment_id, label, rules, member_count, evaluated_at, scored_at, created_by, created_at FROM segment_snapshots WHERE id = $1`,
          [id],
        )
      : [];
    if (!snapshot) throw DomainError.notFound('segments.snapshot_not_found', `no snapshot with id "${id}"`);
    return snapshot;
  }

  /** Members of a snapshot in internal-id order (keyset pagination: pass the last `contact_id` as `after`). */
  async snapshotMembers(
    id: string,
    page: { after?: string; limit?: number } = {},
  ): Promise<Array<{ contact_id: string; external_id: string }>> {
    await this.getSnapshot(id);
    return this.dataSource.query(
      `SELECT m.contact_id::text AS contact_id, c.external_id FROM segment_snapshot_members m JOIN contacts c ON c.id = m.contact_id
       WHERE m.snapshot_id = $1 AND m.contact_id > $2 ORDER BY m.contact_id LIMIT $3`,
      [id, page.after ?? '0', Math.min(page.limit ?? SNAPSHOT_MEMBER_PAGE.defaultLimit, SNAPSHOT_MEMBER_PAGE.maxLimit)],
    );
  }

  /**
   * Runs segment queries in a transaction without JIT compilation: the planner's estimates for the
   * correlated subqueries of rules are high enough to trigger it, and compiling costs more (up to a
   * second for a preview) than it ever saves on these queries. In the caller's transaction the
   * caller's setting is restored afterwards.
   */
  private async withoutJit<T>(
    manager: EntityManager | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!manager) {
      return this.dataSource.transaction(async (own) => {
        await own.query(`SET LOCAL jit = off`);
        return work(own);
      });
    }
    const [{ jit }]: Array<{ jit: string }> = await manager.query(`SELECT current_setting('jit') AS jit`);
    await manager.query(`SELECT set_config('jit', 'off', true)`);
    try {
      return await work(manager);
    } finally {
      // After a failed statement the transaction is aborted and rolls back the setting anyway.
      await manager.query(`SELECT set_config('jit', $1, true)`, [jit]).catch(() => undefined);
    }
  }

  private async rulesOf(source: SegmentSource, manager: EntityManager): Promise<unknown> {
    return typeof source === 'string' ? (await this.saved.get(source, manager)).rules : source;
  }
}
