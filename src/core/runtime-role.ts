/** What a process runs besides the services every command uses. */
export interface RuntimeRole {
  http: boolean;
  workers: boolean;
  scheduler: boolean;
}

export const RUNTIME_ROLE = Symbol('RUNTIME_ROLE');

export const ROLES = {
  /** One-shot CLI commands: services only. */
  command: { http: false, workers: false, scheduler: false },
  serve: { http: true, workers: true, scheduler: true },
  worker: { http: false, workers: true, scheduler: true },
} satisfies Record<string, RuntimeRole>;
