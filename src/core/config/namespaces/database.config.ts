import * as path from 'node:path';
import { registerAs, type ConfigType } from '@nestjs/config';
import { defineNamespace, defineVariable, integerVariable, processConfigSource, urlVariable } from '../config-schema';

export const databaseNamespace = defineNamespace({
  name: 'database',
  title: 'Database and working folder',
  summary: 'See [operations](operations.md) for embedded or server mode, backups and scaling out.',
  variables: {
    databaseUrl: urlVariable({
      env: 'DATABASE_URL',
      protocols: ['postgres:', 'postgresql:'],
      description: 'PostgreSQL connection string (`postgres://user:pass@host:5432/db`)',
      default: 'embedded PostgreSQL (PGlite) stored under `$RELANCE_HOME/pgdata`',
      secret: true,
    }),
    home: defineVariable({
      env: 'RELANCE_HOME',
      accepts: 'folder path, relative to the working directory or absolute',
      description:
        'working folder for embedded data and file outputs; every command creates it if missing and checks it can write there before anything else (else one line naming the folder and the reason, exit 1)',
      default: '`./var`',
      parse: (raw, source) => path.resolve(source.cwd, raw ?? 'var'),
    }),
    databasePoolSize: integerVariable({
      env: 'DATABASE_POOL_SIZE',
      fallback: 10,
      min: 2,
      max: 200,
      description: 'connections per process',
    }),
    importBatchSize: integerVariable({
      env: 'RELANCE_IMPORT_BATCH_SIZE',
      fallback: 10000,
      min: 100,
      max: 100000,
      description: 'rows written per batch by imports',
    }),
    importMaxBytes: integerVariable({
      env: 'RELANCE_IMPORT_MAX_BYTES',
      fallback: 2 * 1024 ** 3,
      min: 1024,
      max: 64 * 1024 ** 3,
      description: 'largest file accepted by an upload (`POST /api/v1/imports`, the console import page), in bytes',
    }),
  },
});

export const databaseConfig = registerAs(databaseNamespace.name, () => databaseNamespace.load(processConfigSource()));
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
