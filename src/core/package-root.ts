import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'relance') return directory;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`relance: cannot find the package root from ${start}`);
    directory = parent;
  }
}

/** The repository / package root (holds package.json and templates/), from sources or from dist/. */
export const PACKAGE_ROOT = findRoot(__dirname);
export const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
