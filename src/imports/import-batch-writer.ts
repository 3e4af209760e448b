import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { BufferPool, type BulkLoader, type StagingBatch, type StagingColumn } from '../core/database/bulk-loader';

/**
 * Connections merging batches at once when the importer's batches are independent. Validation
 * runs in this process and the merge in PostgreSQL; a second connection lets the server merge
 * one batch while it loads the next, instead of leaving this process waiting on a single one.
 * Only with a pool of at least twice as many connections, so that an import never holds them all.
 */
const IMPORT_LANES = 2;

/** A connection with its own staging table; batches written on it follow one another. */
export interface ImportLane {
  runner: QueryRunner;
  staging: string;
  writing: Promise<void>;
}

/**
 * Collects an import's valid rows into batches and hands each full batch to the next lane, so the
 * next batch is validated while the previous ones are written. `write` stages and merges one batch.
 */
export class ImportBatchWriter {
  private readonly lanes: ImportLane[] = [];
  private readonly buffers = new BufferPool();
  private batch: StagingBatch | undefined;
  private turn = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bulk: BulkLoader,
    private readonly columns: StagingColumn[],
    private readonly batchSize: number,
    private readonly write: (lane: ImportLane, rows: StagingBatch) => Promise<void>,
  ) {}

  /** Opens one lane, or several when batches may be merged in any order and the pool can spare the connections. */
  async open(independentBatches: boolean, databasePoolSize: number): Promise<void> {
    this.lanes.push(await this.openLane()); // the first one also tells whether COPY is available
    const parallel = independentBatches && this.bulk.usesCopy() && databasePoolSize >= 2 * IMPORT_LANES;
    while (parallel && this.lanes.length < IMPORT_LANES) this.lanes.push(await this.openLane());
    this.batch = this.bulk.newBatch(this.buffers);
  }

  async add(values: unknown[]): Promise<void> {
    const batch = this.current();
    batch.add(values);
    if (batch.size >= this.batchSize) await this.flush();
  }

  /** Writes the last batch and waits for every lane; a failed write is thrown here. */
  async finish(): Promise<void> {
    if (this.current().size) await this.flush();
    for (const lane of this.lanes) await lane.writing;
  }

  /** Drops the staging tables and gives the connections back, whatever happened. */
  async close(): Promise<void> {
    for (const { runner, staging } of this.lanes) {
      await runner.query(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
      await runner.query('RESET synchronous_commit').catch(() => undefined);
      await runner.release();
    }
  }

  private current(): StagingBatch {
    if (!this.batch) throw new Error('ImportBatchWriter.open() must be called first');
    return this.batch;
  }

  private async flush(): Promise<void> {
    const rows = this.current();
    this.batch = this.bulk.newBatch(this.buffers);
    const lane = this.lanes[this.turn++ % this.lanes.length];
    await lane.writing;
    lane.writing = this.write(lane, rows);
    // Awaited at this lane's next turn; until then a failure must not count as an unhandled rejection.
    lane.writing.catch(() => undefined);
  }

  private async openLane(): Promise<ImportLane> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lane: ImportLane = {
      runner,
      staging: `import_staging_${randomBytes(6).toString('hex')}`,
      writing: Promise.resolve(),
    };
    // Every batch is an idempotent upsert that a re-run repeats: no need to wait for the WAL flush at each one.
    await runner.query('SET synchronous_commit = off');
    await this.bulk.createStagingTable(runner, lane.staging, this.columns);
    return lane;
  }
}
