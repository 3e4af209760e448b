import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, PinoNestLogger } from '../core/logging/logger';
import { DomainExceptionFilter } from '../core/http/domain-exception.filter';
import { createValidationPipe } from '../core/http/validation';
import { API_DOCS_PATH, configureHttp } from '../core/http/http-setup';
import { loadConfig, relanceConfig, type RelanceConfig } from '../core/config/relance-config';
import { assertUsableHome } from '../core/config/home-folder';
import { DatabaseConnection } from '../core/database/database-connection';
import { DomainError } from '../core/errors/domain-error';
import { SecretKeyRecord } from '../core/security/secret-key-record';
import { AppModule } from './app.module';
import type { BootOptions } from '../core/boot-options';

/**
 * What every command checks before anything starts: the configuration, and RELANCE_HOME (every
 * command may write there: embedded database, secret key, uploads, outbox, letters, previews).
 * Either fault is one line and exit 1, never a hang inside a module.
 */
export function checkEnvironment(): RelanceConfig {
  const config = loadConfig(process.env);
  assertUsableHome(config.home);
  return config;
}

function logger(options: BootOptions): PinoNestLogger {
  const level = process.env.LOG_LEVEL?.trim() || options.defaultLogLevel || 'info';
  return new PinoNestLogger(
    createLogger(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level) ? level : 'info'),
  );
}

async function prepareSchema(app: INestApplicationContext, options: BootOptions): Promise<void> {
  const connection = app.get(DatabaseConnection);
  if (options.schema === 'ignore') return;
  if (options.schema === 'apply' || connection.isEmbedded) {
    await connection.migrate();
  } else if (await connection.dataSource.showMigrations()) {
    throw DomainError.unavailable(
      'database.migrations_pending',
      'the database schema is not up to date: run `relance migrate` first',
    );
  }
  // Then the secret key: the recorded one, or an explicit rotation (refused otherwise).
  await app.get(SecretKeyRecord).verify();
}

/** An application context for CLI commands and workers (no HTTP listener). */
export async function createAppContext(options: BootOptions): Promise<INestApplicationContext> {
  checkEnvironment();
  const app = await NestFactory.createApplicationContext(AppModule.forRole(options.role), {
    logger: logger(options),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  try {
    await prepareSchema(app, options);
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

/**
 * The HTTP application: API under /api/v1, OpenAPI at /api/docs, one error shape. `adapter`: one
 * on a port `serve` bound first (see http-listener).
 */
export async function createHttpApp(options: BootOptions & { adapter?: ExpressAdapter }): Promise<INestApplication> {
  checkEnvironment();
  const module = AppModule.forRole(options.role);
  // Body parsers are set by configureHttp, each under its limit; rawBody keeps the bytes signed webhooks are checked against.
  const settings = { logger: logger(options), abortOnError: false, bodyParser: false, rawBody: true };
  const app = options.adapter
    ? await NestFactory.create<NestExpressApplication>(module, options.adapter, settings)
    : await NestFactory.create<NestExpressApplication>(module, settings);
  app.enableShutdownHooks();
  try {
    await prepareSchema(app, options);
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  configureHttp(app, app.get<RelanceConfig>(relanceConfig.KEY));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('relance')
      .setDescription(
        'Multi-channel outreach engine for customer loyalty. Authenticate with `Authorization: Bearer <api key>` (`relance apikey create`).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json` });
  return app;
}
