import * as fs from 'node:fs';
import * as path from 'node:path';
import { DomainError } from '../errors/domain-error';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

function unusable(home: string, reason: string): DomainError {
  return DomainError.unavailable(
    'config.home_unusable',
    `RELANCE_HOME ${home} cannot be used: ${reason}; set RELANCE_HOME to a writable folder`,
  );
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? ((error as Error).message || code);
}

/**
 * Creates the missing folders one level at a time. Node's recursive mkdir loops for ever when
 * mkdir answers ENOENT under an existing parent (a path under /proc): each step here fails once.
 */
function createFolder(home: string): void {
  const missing: string[] = [];
  for (let folder = home; ; folder = path.dirname(folder)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw unusable(home, `cannot read ${folder} (${describe(error)})`);
    }
    if (stat && !stat.isDirectory()) throw unusable(home, `${folder} is a file, not a folder`);
    if (stat || path.dirname(folder) === folder) break;
    missing.unshift(folder);
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw unusable(home, `cannot create ${folder} (${describe(error)})`);
    }
  }
}

/**
 * RELANCE_HOME holds the embedded database, the secret key, uploads, the outbox and letters:
 * checked once at start-up (created if missing, and written to) so that an unusable folder is
 * one line naming it and the reason, not a hang or a stack trace deep inside a module.
 */
export function assertUsableHome(home: string): void {
  createFolder(home);
  const probe = path.join(home, `.relance-write-check-${process.pid}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'w' });
  } catch (error) {
    throw unusable(home, `cannot write in it (${describe(error)})`);
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
