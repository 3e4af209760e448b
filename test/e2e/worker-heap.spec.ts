import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app';

/**
 * `bin/relance.js` starts `relance worker` again with V8 heap flags by default (docs/configuration.md,
 * RELANCE_HEAP_MB): the worker runs as a child of the launcher. Runs the
 * compiled CLI, as an operator does (`npm run build` first; CI builds through `npm ci`).
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'relance.js');

interface Started {
  /** The launcher's child's command line, or [] when the launcher runs the worker itself. */
  workerArgs: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts `relance worker`, waits until it says it started, reads its children, stops it with SIGTERM. */
function startWorker(env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let workerArgs: string[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stderr.on('data', (chunk: Buffer) => {
    const before = stderr;
    stderr += chunk.toString();
    if (!before.includes('worker started') && stderr.includes('worker started')) {
      const children = fs
        .readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean);
      workerArgs = children.flatMap((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      child.kill('SIGTERM');
    }
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ workerArgs, code, signal, stderr });
    }),
  );
}

describe('relance worker: a heap that does not pile up garbage, by default', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'app', 'main.js')))
      throw new Error('run `npm run build` first: this spec runs bin/relance.js');
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('runs the worker with a heap that grows by 20 % at most between collections, and no size limit, unless told otherwise; passes SIGTERM on and ends as it does', async () => {
    const started = await startWorker({ ...env.env, RELANCE_HEAP_MB: undefined });
    expect(started.workerArgs).toContain('--heap-growing-percent=20');
    expect(started.workerArgs.some((arg) => arg.startsWith('--max-old-space-size'))).toBe(false);
    expect(started.workerArgs).toContain('worker');
    // The worker shuts down, then ends by the signal it was sent, as it does when started without a launcher.
    expect(started.stderr).toContain('SIGTERM received');
    expect(started).toMatchObject({ code: null, signal: 'SIGTERM' });
  }, 90_000);

  it('RELANCE_HEAP_MB sets a size limit instead; 0, or a size given to Node already, leaves Node its own', async () => {
    const [sized, none, given] = await Promise.all([
      startWorker({ ...env.env, RELANCE_HEAP_MB: '320' }),
      startWorker({ ...env.env, RELANCE_HEAP_MB: '0' }),
      startWorker({ ...env.env, RELANCE_HEAP_MB: undefined, NODE_OPTIONS: '--max-old-space-size=400' }),
    ]);
    expect(sized.workerArgs).toContain('--max-old-space-size=320');
    expect(none.workerArgs).toEqual([]);
    expect(given.workerArgs).toEqual([]);
    for (const run of [sized, none, given]) expect(run).toMatchObject({ code: null, signal: 'SIGTERM' });
  }, 90_000);

  it('a heap too small to run is refused at once, naming the setting', async () => {
    const started = await startWorker({ ...env.env, RELANCE_HEAP_MB: '64' });
    expect(started.code).toBe(1);
    expect(started.stderr).toBe(
      'relance: error: invalid configuration: RELANCE_HEAP_MB must be the worker\'s heap size in MB, 96 or more, or 0 for Node\'s default (got "64")\n',
    );
  }, 90_000);
});
