import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'relance.js');

/** Runs `relance <args> --json` to completion and returns its JSON output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON output, read untyped by the benches
export function relance(args: string[], env: NodeJS.ProcessEnv): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`relance ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      try {
        resolve(stdout.trim() ? JSON.parse(stdout) : undefined);
      } catch {
        reject(new Error(`relance ${args.join(' ')}: not JSON: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

/** Starts a long-running `relance worker` (or `serve`). */
export function startRelance(
  command: 'worker' | 'serve',
  env: NodeJS.ProcessEnv,
  log?: (line: string) => void,
  nodeArgs: string[] = [],
): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, BIN, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => log?.(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log?.(chunk.toString()));
  return child;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
