import { main } from '../../src/app/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON output, read untyped by the specs
  json<T = any>(): T;
}

/** Runs the CLI in-process (same code as bin/relance.js) and captures what it prints. */
export async function runCli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back, never called unbound
  const stdout = process.stdout.write;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back, never called unbound
  const stderr = process.stderr.write;
  process.stdout.write = (chunk: string | Uint8Array) => (out.push(chunk.toString()), true);
  process.stderr.write = (chunk: string | Uint8Array) => (err.push(chunk.toString()), true);
  let code: number;
  try {
    code = await main(['node', 'relance', ...args]);
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  const stdoutText = out.join('');
  return { code, stdout: stdoutText, stderr: err.join(''), json: () => JSON.parse(stdoutText) };
}
