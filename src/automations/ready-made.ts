import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';

/** The ready-made automations of the package, `templates/automations/<key>.json`. */
export const READY_MADE_DIRECTORY = path.join(PACKAGE_ROOT, 'templates', 'automations');

export interface ReadyMade {
  /** The file's name without `.json`: `birthday`, `loyalty-card-expiry`… */
  key: string;
  /** The JSON as `relance automation create` reads it. */
  definition: Record<string, unknown>;
}

/** Every ready-made automation, by file name. */
export function readyMadeAutomations(directory = READY_MADE_DIRECTORY): ReadyMade[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      key: name.slice(0, -'.json'.length),
      definition: JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8')) as Record<string, unknown>,
    }));
}
