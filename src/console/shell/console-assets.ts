import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root';

/** Where `npm run build` writes the console's bundle (scripts/build-console-assets.mjs), served at /console/assets/. */
export const CONSOLE_ASSETS_FOLDER = path.join(PACKAGE_ROOT, 'dist', 'console-assets');
export const CONSOLE_ASSETS_PREFIX = '/console/assets';
export const CONSOLE_ASSET_FILES = ['console.js', 'console.css', 'email-editor.js'] as const;

/**
 * Each asset's URL carries a hash of its content, so browsers may keep it for a year and still
 * get the new one after an upgrade. Computed once at start-up (the bundle does not change while
 * relance runs).
 */
export function consoleAssetUrls(folder = CONSOLE_ASSETS_FOLDER): { script: string; style: string } {
  return { script: consoleAssetUrl('console.js', folder), style: consoleAssetUrl('console.css', folder) };
}

/** One asset's URL with its content hash (a page's own script, e.g. the e-mail editor's). */
export function consoleAssetUrl(file: (typeof CONSOLE_ASSET_FILES)[number], folder = CONSOLE_ASSETS_FOLDER): string {
  const full = path.join(folder, file);
  const version = fs.existsSync(full)
    ? createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 12)
    : 'absent';
  return `${CONSOLE_ASSETS_PREFIX}/${file}?v=${version}`;
}
