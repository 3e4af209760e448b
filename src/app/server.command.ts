import { startMemoryLog } from '../core/memory/memory-log';
import { endMjmlThreadWhenIdle } from '../templates/email/mjml-thread';
import type { Command } from 'commander';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { reportError } from '../core/cli/cli-io';
import { checkEnvironment, createAppContext, createHttpApp } from './bootstrap';
import { BoundExpressAdapter, bindPort, releasePort } from './http-listener';
import { ROLES } from '../core/runtime-role';

/** Keeps a long-running process alive until SIGINT/SIGTERM, then shuts it down gracefully. */
function untilSignal(app: INestApplicationContext): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`relance: ${signal} received, shutting down…\n`);
      app.close().then(resolve, (error) => {
        reportError(error);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * The port first, then the application on it, then its workers and scheduler (Nest's init): a
 * failure at any step releases what the previous ones took, so the process exits by itself.
 */
async function startServing(port: number): Promise<INestApplication> {
  const server = await bindPort(port);
  const adapter = new BoundExpressAdapter(server);
  let app: INestApplication;
  try {
    app = await createHttpApp({ role: ROLES.serve, schema: 'apply', adapter });
  } catch (error) {
    await releasePort(server);
    throw error;
  }
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  adapter.open();
  return app;
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('HTTP API, dashboard, queue workers and scheduler in one process')
    .option('--json', 'accepted for uniformity; serve prints logs on stderr')
    .action(async () => {
      const config = checkEnvironment();
      const app = await startServing(config.port);
      process.stderr.write(
        `relance: listening on http://localhost:${config.port} (API docs at ${config.publicUrl}/api/docs)\n`,
      );
      process.stderr.write(
        `relance: web console at ${config.publicUrl}/ (a user to sign in with: relance user create <email> --role admin)\n`,
      );
      await untilSignal(app);
    });
  program
    .command('worker')
    .description('queue workers and scheduler only (run several, on one or many machines, to scale out)')
    .option('--json', 'accepted for uniformity; worker prints logs on stderr')
    .action(async () => {
      const app = await createAppContext({ role: ROLES.worker, schema: 'apply' });
      endMjmlThreadWhenIdle(); // MJML's ~45 MB only while a template compiles, not through the send after it
      process.stderr.write('relance: worker started\n');
      startMemoryLog();
      await untilSignal(app);
    });
}
