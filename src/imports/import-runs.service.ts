import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { currentActor } from '../core/auth/actor-context';
import { DomainError } from '../core/errors/domain-error';
import { modifyReturning, queryRows } from '../core/database/query-rows';
import { ImportService, type ImportProgress, type ImportSummary } from './import.service';

export type ImportRunStatus = 'analysed' | 'running' | 'done' | 'failed';

/** One import started from an upload, as PostgreSQL holds it: any process can say where it is. */
export interface ImportRun {
  id: string;
  kind: string;
  fileName: string;
  storedFile: string;
  status: ImportRunStatus;
  /** header → target (`field`, `attr.name`, `-`), once the import is started. */
  mapping: Record<string, string> | null;
  bytes: number;
  bytesRead: number;
  rowsRead: number;
  summary: ImportSummary | null;
  failure: string | null;
  actor: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Running, but no progress recorded for `STALE_AFTER_MS`: the process that ran it has stopped. */
  stalled: boolean;
}

/** Progress is written at most this often (a file is read in 16 KB chunks: thousands a second). */
const PROGRESS_EVERY_MS = 250;
const STALE_AFTER_MS = 10 * 60 * 1000;

const COLUMNS = `id, kind, file_name AS "fileName", stored_file AS "storedFile", status, mapping, bytes::float8 AS bytes,
  bytes_read::float8 AS "bytesRead", rows_read AS "rowsRead", summary, failure, actor, created_at AS "createdAt",
  updated_at AS "updatedAt", (status = 'running' AND updated_at < now() - interval '${STALE_AFTER_MS / 1000} seconds') AS stalled`;

/**
 * Imports that run outside the request that started them (an upload, then a mapping confirmed
 * later): each is a row of `import_runs` holding its file, its mapping, its progress and its
 * summary. The import itself is `ImportService.importFile`, the same as `relance import`; it
 * runs in the process that received the file (the file is on its disk) and records its
 * progress in the row. Two runs never wait for each other: the engine's upserts are safe
 * side by side.
 */
@Injectable()
export class ImportRunsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ImportService,
  ) {}

  /** Records an uploaded file waiting for its mapping to be confirmed. */
  async create(input: { kind: string; fileName: string; storedFile: string; bytes: number }): Promise<ImportRun> {
    await this.forgetAbandoned();
    const [run] = await queryRows<ImportRun>(
      this.dataSource,
      `INSERT INTO import_runs (kind, file_name, stored_file, bytes, actor) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [input.kind, input.fileName, input.storedFile, input.bytes, currentActor()],
    );
    return run;
  }

  /**
   * Uploads whose mapping was never confirmed within a day are forgotten (file and row); imports
   * whose process stopped a day ago are marked failed and their files removed.
   */
  private async forgetAbandoned(): Promise<void> {
    const abandoned = await modifyReturning<{ storedFile: string }>(
      this.dataSource,
      `DELETE FROM import_runs WHERE status = 'analysed' AND created_at < now() - interval '1 day'
        RETURNING stored_file AS "storedFile"`,
    );
    const stopped = await modifyReturning<{ storedFile: string }>(
      this.dataSource,
      `UPDATE import_runs SET status = 'failed', failure = 'interrupted: its process stopped', finished_at = now()
        WHERE status = 'running' AND updated_at < now() - interval '1 day' RETURNING stored_file AS "storedFile"`,
    );
    for (const run of [...abandoned, ...stopped]) await fs.promises.rm(run.storedFile, { force: true });
  }

  async get(id: string): Promise<ImportRun> {
    const [run] = /^[0-9a-f-]{36}$/i.test(id)
      ? await queryRows<ImportRun>(this.dataSource, `SELECT ${COLUMNS} FROM import_runs WHERE id = $1`, [id])
      : [];
    if (!run) throw DomainError.notFound('imports.run_not_found', `no import with id "${id}"`);
    return run;
  }

  /**
   * Starts the import with this mapping and returns at once; the run's row follows its progress.
   * A run already started (a form sent twice) is refused with a conflict, never imported twice.
   */
  async start(id: string, mapping: Record<string, string>): Promise<ImportRun> {
    const [run] = await modifyReturning<ImportRun>(
      this.dataSource,
      `UPDATE import_runs SET status = 'running', mapping = $2, started_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'analysed' RETURNING ${COLUMNS}`,
      [id, JSON.stringify(mapping)],
    );
    if (!run) throw DomainError.conflict('imports.already_started', `import ${id} has already been started`);
    const task = this.execute(run).finally(() => this.running.delete(task));
    this.running.add(task);
    return run;
  }

  /** Waits for the imports still running (their rows would otherwise stay "running"). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async execute(run: ImportRun): Promise<void> {
    let last = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const onProgress = (progress: ImportProgress) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      writing = writing.then(() => this.recordProgress(run.id, progress)).catch(() => undefined);
    };
    // The uploaded file is removed before the run says it ended: whoever reads `done` or `failed` finds no file left.
    let outcome: { summary: ImportSummary } | { error: unknown };
    try {
      outcome = {
        summary: await this.imports.importFile(run.kind, run.storedFile, {
          overrides: new Map(Object.entries(run.mapping ?? {})),
          displayName: run.fileName,
          onProgress,
        }),
      };
    } catch (error) {
      outcome = { error };
    } finally {
      await writing;
      await fs.promises.rm(run.storedFile, { force: true });
    }
    if ('summary' in outcome) {
      await this.dataSource.query(
        `UPDATE import_runs SET status = 'done', summary = $2, bytes_read = bytes, rows_read = $3, updated_at = now(),
           finished_at = now() WHERE id = $1`,
        [run.id, JSON.stringify(outcome.summary), outcome.summary.rows],
      );
      return;
    }
    const error = outcome.error;
    if (!(error instanceof DomainError)) this.logger.error(`import ${run.id}: ${(error as Error).message}`);
    await this.dataSource.query(
      `UPDATE import_runs SET status = 'failed', failure = $2, updated_at = now(), finished_at = now() WHERE id = $1`,
      [run.id, error instanceof DomainError ? error.message : 'unexpected error (see the server log)'],
    );
  }

  private async recordProgress(id: string, progress: ImportProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_runs SET bytes_read = $2, rows_read = $3, updated_at = now() WHERE id = $1 AND status = 'running'`,
      [id, progress.bytesRead, progress.rows],
    );
  }
}
