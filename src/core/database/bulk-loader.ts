import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { queryRows } from './query-rows';

export interface StagingColumn {
  name: string;
  /** A PostgreSQL type name: text, int, date, timestamptz, numeric, jsonb… */
  type: string;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  // Only numbers, booleans, bigints, symbols and functions reach String() here, none with Object's default rendering.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]) : text;
}

/**
 * Rows waiting to be staged. With COPY each row is written at once, as COPY text, into one
 * growing buffer: the row's strings die young instead of being kept (and promoted to the old
 * generation by the garbage collector) while the previous batch is being written. The buffers
 * are recycled from batch to batch (see BufferPool): allocating megabytes of fresh external
 * memory per batch makes V8 start full collections that promote everything young — the parsed
 * CSV rows included — and the heap balloons. Both together keep memory flat on million-row files.
 */
export class StagingBatch {
  private buffer: Buffer;
  private length = 0;
  private count = 0;
  private readonly rows: unknown[][] = [];

  constructor(
    private readonly asText: boolean,
    private readonly pool?: BufferPool,
  ) {
    this.buffer = asText ? (pool?.take() ?? Buffer.allocUnsafe(INITIAL_BUFFER)) : Buffer.alloc(0);
  }

  get size(): number {
    return this.count;
  }

  add(values: unknown[]): void {
    this.count++;
    if (!this.asText) {
      this.rows.push(values);
      return;
    }
    let line = copyValue(values[0]);
    for (let i = 1; i < values.length; i++) line += '\t' + copyValue(values[i]);
    line += '\n';
    // Worst case: 3 bytes per UTF-16 code unit.
    if (this.length + line.length * 3 > this.buffer.length) this.grow(line.length * 3);
    this.length += this.buffer.write(line, this.length, 'utf8');
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + needed));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  /** Hands the buffer back for the next batch (`load` does, once staged); the batch is empty afterwards. */
  release(): void {
    if (this.asText) this.pool?.give(this.buffer);
    this.buffer = Buffer.alloc(0);
    this.length = 0;
  }

  /** @internal */
  text(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** @internal */
  values(): unknown[][] {
    return this.rows;
  }
}

const INITIAL_BUFFER = 1 << 20;

/** A few COPY buffers kept for reuse; they keep the size they grew to, so a steady import stops allocating. */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(private readonly capacity = 3) {}

  take(): Buffer | undefined {
    return this.free.pop();
  }

  give(buffer: Buffer): void {
    if (buffer.length && this.free.length < this.capacity) this.free.push(buffer);
  }
}

/**
 * Loads batches of rows into a temporary staging table, from which set-based SQL merges them.
 * On a PostgreSQL server this is COPY (the fastest way in); the embedded PGlite's wire server
 * does not speak the COPY sub-protocol, so there rows go in as arrays through unnest().
 */
@Injectable()
export class BulkLoader {
  private copySupported?: boolean;

  /**
   * Decided by the server itself (DATABASE_URL may point at a PGlite too, as the test suite does),
   * and asked on the caller's connection: on PGlite another connection would wait for its transaction.
   */
  async prepare(runner: QueryRunner): Promise<void> {
    if (this.copySupported === undefined) {
      const [row] = await queryRows<{ version: string }>(runner, 'SELECT version() AS version');
      this.copySupported = !/PGlite/i.test(row.version);
    }
  }

  /** Whether batches go in by COPY (a PostgreSQL server) rather than arrays (the embedded PGlite); after `prepare`. */
  usesCopy(): boolean {
    return this.copySupported === true;
  }

  /**
   * A new batch for `load`; call `prepare` once on the loading connection first. Batches of one
   * pool share their buffers: `load` hands a batch's buffer back to it once the rows are staged.
   */
  newBatch(pool?: BufferPool): StagingBatch {
    if (this.copySupported === undefined) throw new Error('BulkLoader.prepare() must be called first');
    return new StagingBatch(this.copySupported, pool);
  }

  /**
   * A session-private staging table. Merges consume it with `DELETE FROM … RETURNING *`, so one
   * batch costs two round trips (load, merge) and needs no explicit transaction.
   */
  async createStagingTable(runner: QueryRunner, name: string, columns: StagingColumn[]): Promise<void> {
    await this.prepare(runner);
    await runner.query(`CREATE TEMP TABLE ${name} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  }

  async load(runner: QueryRunner, table: string, columns: StagingColumn[], batch: StagingBatch): Promise<void> {
    if (!batch.size) return;
    if (this.copySupported) {
      const client = (await runner.connect()) as PoolClient;
      await pipeline(
        Readable.from([batch.text()]),
        client.query(copyFrom(`COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM STDIN`)),
      );
      batch.release();
      return;
    }
    const rows = batch.values();
    const arrays = columns.map((column, index) =>
      rows.map((row) => {
        const value = row[index];
        return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
      }),
    );
    await runner.query(
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
       SELECT ${columns.map((c) => (c.type === 'jsonb' ? `u.${c.name}::jsonb` : `u.${c.name}`)).join(', ')}
       FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`).join(', ')}) AS u(${columns.map((c) => c.name).join(', ')})`,
      arrays,
    );
  }
}
