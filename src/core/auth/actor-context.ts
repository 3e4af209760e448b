import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * Who is acting, for the history of what people do (campaign launch, pause, resume, cancel;
 * template changes): `user:<id>` in the console, `api_key:<id>` over the API, `cli` for a
 * command. Only the services behind those actions read it; what relance does by itself
 * (a campaign paused on errors, a scheduled start) records no actor, shown as "relance".
 */
export type Actor = `user:${string}` | `api_key:${string}` | 'cli';

interface ActorHolder {
  actor: Actor | null;
}

const storage = new AsyncLocalStorage<ActorHolder>();

export function currentActor(): Actor | null {
  return storage.getStore()?.actor ?? null;
}

/** Runs `work` as `actor` (a CLI command). */
export function runAsActor<T>(actor: Actor, work: () => T): T {
  return storage.run({ actor }, work);
}

/** Each HTTP request gets its own holder; the guard that authenticates it names the actor. */
export function actorContextMiddleware(_request: Request, _response: Response, next: NextFunction): void {
  storage.run({ actor: null }, next);
}

export function setRequestActor(actor: Actor): void {
  const holder = storage.getStore();
  if (holder) holder.actor = actor;
}
