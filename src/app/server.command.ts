import type { Command } from 'commander';
import type { INestApplicationContext } from '@nestjs/common';
import { reportError } from '../cli/cli-io';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { createAppContext, createHttpApp } from './bootstrap';
import { ROLES } from './runtime-role';


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

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('HTTP API, dashboard, queue workers and scheduler in one process')
    .option('--json', 'accepted for uniformity; serve prints logs on stderr')
    .action(async () => {
      const app = await createHttpApp({ role: ROLES.serve, schema: 'apply' });
      const config = app.get<RelanceConfigType>(relanceConfig.KEY);
      await app.listen(config.port);
      process.stderr.write(`relance: listening on http://localhost:${config.port} (API docs at ${config.publicUrl}/api/docs)\n`);
      await untilSignal(app);
    });
  program
    .command('worker')
    .description('queue workers and scheduler only (run several, on one or many machines, to scale out)')
    .option('--json', 'accepted for uniformity; worker prints logs on stderr')
    .action(async () => {
      const app = await createAppContext({ role: ROLES.worker, schema: 'apply' });
      process.stderr.write('relance: worker started\n');
      await untilSignal(app);
    });
}
