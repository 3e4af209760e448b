import * as fs from 'node:fs';
import * as path from 'node:path';

function readPackage(file: string): { name?: unknown; version?: unknown } {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
}

function findRoot(start: string): string {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'package.json');
    if (fs.existsSync(candidate) && readPackage(candidate).name === 'relance') return directory;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`relance: cannot find the package root from ${start}`);
    directory = parent;
  }
}

/** The repository / package root (holds package.json and templates/), from sources or from dist/. */
export const PACKAGE_ROOT = findRoot(__dirname);
export const PACKAGE_VERSION = readPackage(path.join(PACKAGE_ROOT, 'package.json')).version as string;
