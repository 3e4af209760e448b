import * as fs from 'node:fs';
import * as os from 'node:os';

interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
}

export class LockHeldError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly file: string,
  ) {
    super(`lock ${file} is held by pid ${owner.pid} on ${owner.host}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive, crash-tolerant lock file: created with O_EXCL, holding the owner's pid.
 * A lock left by a dead process (kill -9, power cut) is taken over; a live owner wins.
 */
export class ProcessLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(readonly file: string) {
    process.once('exit', this.onExit);
  }

  static acquire(file: string): ProcessLock {
    const me: LockOwner = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx', mode: 0o600 });
        return new ProcessLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(file);
      if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
        throw new LockHeldError(owner, file);
      }
      // Stale (dead owner, or unreadable because the owner died while writing): remove and retry.
      fs.rmSync(file, { force: true });
    }
    throw new Error(`could not acquire lock ${file}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    const owner = readOwner(this.file);
    if (owner?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
