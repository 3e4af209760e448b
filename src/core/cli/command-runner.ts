import type { INestApplicationContext } from '@nestjs/common';
import type { BootOptions } from '../boot-options';
import { ROLES } from '../runtime-role';
import { runAsActor } from '../auth/actor-context';
import { CliIo } from './cli-io';

export interface CommandOptions {
  json?: boolean;
}

/** Opens an application context; the app layer supplies it, since only it knows the root module. */
export type AppContextFactory = (options: BootOptions) => Promise<INestApplicationContext>;

/** Runs a one-shot command inside an application context, then shuts it down cleanly. */
export type WithApp = <T>(
  options: CommandOptions,
  work: (app: INestApplicationContext, io: CliIo) => Promise<T>,
  boot?: Partial<BootOptions>,
) => Promise<T>;

/** The `withApp` every feature's commands receive from `main` when they register. */
export function commandRunner(createAppContext: AppContextFactory): WithApp {
  return async (options, work, boot = {}) => {
    const io = new CliIo(Boolean(options.json));
    const app = await createAppContext({ role: ROLES.command, schema: 'check', defaultLogLevel: 'warn', ...boot });
    try {
      // Whatever the command does is recorded as done from the command line (see actor-context).
      return await runAsActor('cli', () => work(app, io));
    } finally {
      io.endProgress();
      await app.close();
    }
  };
}
