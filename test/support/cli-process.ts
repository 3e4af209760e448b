import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

export interface CliProcessResult {
  /** Exit code, or null when the process had to be killed. */
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The process was still running after the timeout (and was killed). */
  hung: boolean;
}

export interface CliProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stderr(): string;
  /** Resolves when the process has ended, by itself or killed after the timeout. */
  ended: Promise<CliProcessResult>;
}

const REGISTER = path.join(__dirname, 'swc-register.js');
const ENTRY = path.join(__dirname, 'cli-entry.ts');

/**
 * Starts the CLI in a process of its own, from the sources: what runCli cannot show — that the
 * process ends by itself (nothing left open) and what it printed. Killed after `timeoutMs`.
 */
export function startCliProcess(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): CliProcess {
  const child = spawn(process.execPath, ['-r', REGISTER, ENTRY, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const ended = new Promise<CliProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: hung ? null : code,
        signal: hung ? null : signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        hung,
      });
    });
  });
  return { child, stderr: () => Buffer.concat(err).toString(), ended };
}

export function runCliProcess(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CliProcessResult> {
  return startCliProcess(args, env, timeoutMs).ended;
}
