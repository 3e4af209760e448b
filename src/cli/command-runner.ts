import type { INestApplicationContext } from '@nestjs/common';
import { createAppContext, type BootOptions } from '../app/bootstrap';
import { ROLES } from '../app/runtime-role';
import { runAsActor } from '../core/auth/actor-context';
import { CliIo } from './cli-io';

export interface CommandOptions {
  json?: boolean;
}

/** Runs a one-shot command inside an application context, then shuts it down cleanly. */
export async function withApp<T>(
  options: CommandOptions,
  work: (app: INestApplicationContext, io: CliIo) => Promise<T>,
  boot: Partial<BootOptions> = {},
): Promise<T> {
  const io = new CliIo(Boolean(options.json));
  const app = await createAppContext({ role: ROLES.command, schema: 'check', defaultLogLevel: 'warn', ...boot });
  try {
    return await runAsActor('cli', () => work(app, io));
  } finally {
    io.endProgress();
    await app.close();
  }
}
