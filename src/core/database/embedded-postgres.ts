import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DomainError } from '../errors/domain-error';
import { EmbeddedSessionScheduler } from './embedded-session-scheduler';
import { LockHeldError, ProcessLock } from './process-lock';
import { correctEmbeddedTimeZones } from './time-zones/embedded-time-zones';

/**
 * The embedded default: PGlite (PostgreSQL compiled to WebAssembly) served in-process over
 * the PostgreSQL wire protocol on a free loopback port, so TypeORM, pg-boss and the importer
 * talk to it through the ordinary `pg` driver exactly as they talk to a real server.
 *
 * PGlite is a single backend: the socket server multiplexes connections, and our scheduler
 * gives the session to one connection at a time, for a whole query or transaction. It is
 * correct, just single-threaded; production deployments set DATABASE_URL.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: ProcessLock | undefined,
    readonly url: string,
  ) {}

  /**
   * Starts a persistent database in `dataDir`, or an in-memory one when `dataDir` is undefined (tests).
   * `loadDataDir` (tests only) starts from a tarball of a data directory, as `dumpDataDir` wrote it,
   * instead of an empty cluster: the test suite migrates one database once and gives each test file a copy.
   */
  static async start(
    dataDir: string | undefined,
    options: { maxConnections?: number; loadDataDir?: Blob } = {},
  ): Promise<EmbeddedPostgres> {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    let lock: ProcessLock | undefined;
    if (dataDir) {
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      try {
        lock = ProcessLock.acquire(`${dataDir}.lock`);
      } catch (error) {
        if (error instanceof LockHeldError) {
          throw DomainError.unavailable(
            'database.embedded_in_use',
            `the embedded database ${dataDir} is in use by another relance process (pid ${error.owner.pid}); ` +
              'stop it first, or run every process against one PostgreSQL server with DATABASE_URL',
          );
        }
        throw error;
      }
    }
    let db: PGlite | undefined;
    try {
      db = await PGlite.create({
        ...(dataDir ? { dataDir } : {}),
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      });
      await correctEmbeddedTimeZones(db);
      const server = new PGLiteSocketServer({
        db,
        host: '127.0.0.1',
        port: 0,
        maxConnections: Math.max(8, options.maxConnections ?? 32),
      });
      // Its own queue lets connections' extended queries interleave in the one session (see the scheduler).
      (server as unknown as { queryQueue: EmbeddedSessionScheduler }).queryQueue = new EmbeddedSessionScheduler(db);
      await server.start();
      const address = (server as unknown as { port: number }).port;
      return new EmbeddedPostgres(db, server, lock, `postgres://postgres@127.0.0.1:${address}/postgres`);
    } catch (error) {
      await db?.close().catch(() => undefined);
      lock?.release();
      throw DomainError.unavailable(
        'database.embedded_failed',
        `could not start the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * A tarball of the data directory (tests: the migrated template), checkpointed first so that a copy
   * started from it needs no recovery. Call it while no connection is in a transaction.
   */
  async dumpDataDir(): Promise<Blob> {
    await this.db.exec('CHECKPOINT');
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
