import type { RuntimeRole } from './runtime-role';

export interface BootOptions {
  role: RuntimeRole;
  /**
   * Pending migrations at start-up: `apply` them (serve, worker, demo; and any command on the
   * embedded database, which relance owns), `check` and refuse to run, or leave them (`ignore`:
   * the migrate command itself).
   */
  schema: 'apply' | 'check' | 'ignore';
  /** Default log level when LOG_LEVEL is unset: info for servers, warn for one-shot commands. */
  defaultLogLevel?: string;
}
