import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';
import type { RelanceConfig } from '../config/relance-config';
import { describeConnectionError } from './connection-errors';
import { EmbeddedPostgres } from './embedded-postgres';
import { CHECKED_ZONES, timeZoneMismatches } from './time-zone-check';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const ENTITY_GLOB = path.join(__dirname, '..', '..', '**', '*.entity.{js,ts}');

export function createDataSource(url: string, poolSize: number, applicationName = 'relance'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [ENTITY_GLOB],
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  });
}

/**
 * The one database of a relance process: either DATABASE_URL, or the embedded PGlite store
 * started here. Everything downstream only sees a PostgreSQL URL and a DataSource.
 */
export class DatabaseConnection {
  private static readonly logger = new Logger('Database');
  private closing?: Promise<void>;

  private constructor(
    readonly url: string,
    readonly dataSource: DataSource,
    readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  static async open(
    config: Pick<RelanceConfig, 'databaseUrl' | 'home' | 'databasePoolSize'>,
  ): Promise<DatabaseConnection> {
    const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(path.join(config.home, 'pgdata'));
    const url = config.databaseUrl ?? embedded!.url;
    const dataSource = createDataSource(url, config.databasePoolSize);
    try {
      await dataSource.initialize();
    } catch (error) {
      await embedded?.stop();
      throw describeConnectionError(error, url);
    }
    DatabaseConnection.logger.log(
      embedded ? `embedded PostgreSQL in ${config.home}/pgdata` : 'PostgreSQL from DATABASE_URL',
    );
    // The embedded database's zones are made to agree with Node's as they are used (see
    // time-zones/embedded-time-zones.ts); a server's come from its own tzdata, which may be old.
    if (!embedded) await DatabaseConnection.warnOfTimeZoneMismatches(dataSource);
    return new DatabaseConnection(url, dataSource, embedded);
  }

  private static async warnOfTimeZoneMismatches(dataSource: DataSource): Promise<void> {
    for (const wrong of await timeZoneMismatches(dataSource, CHECKED_ZONES).catch(() => [])) {
      const utc = (minutes: number) => `UTC${minutes >= 0 ? '+' : ''}${minutes / 60}`;
      DatabaseConnection.logger.warn(
        `the database's time-zone data puts ${wrong.zone} at ${utc(wrong.database)} instead of ${utc(wrong.expected)}: ` +
          "automations would send at the wrong local hour for contacts there; update the server's tzdata",
      );
    }
  }

  /** Applies pending migrations under an advisory lock, so several processes starting at once do not race. */
  async migrate(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['relance:migrations']);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['relance:migrations']).catch(() => undefined);
      await runner.release();
    }
  }

  /** Once, however many times it is called: shutdown can run twice at once (Nest's signal hook and the command's own `close`). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.dataSource.isInitialized) await this.dataSource.destroy();
      } finally {
        await this.embedded?.stop();
      }
    })();
    return this.closing;
  }
}
