#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const entry = path.join(__dirname, '..', 'dist', 'src', 'app', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'relance: not built yet; run `npm ci` (or `npm run build`) in ' + path.join(__dirname, '..') + '\n',
  );
  process.exit(1);
}

// Long-running processes get a bounded V8 heap (RELANCE_HEAP_MB, docs/configuration.md): without one,
// V8 lets garbage promoted while messages are on their way pile up in the old space between two
// major collections (a sending worker grew to ~390 MB RSS for ~70 MB of live heap; docs/benchmarks.md).
// Node reads the heap limit only at start-up, so the process starts again with it, unless Node was
// already given one (NODE_OPTIONS or a flag) or RELANCE_HEAP_MB=0.
// `worker` gets WORKER_HEAP_MB unless told otherwise: its live heap stays ~55–75 MB at 100,000 and
// 1,000,000 e-mails and through a 10,000-letter print batch, so the bound is about twice what it
// uses. `serve` has none unless set (it also runs imports and the console; 256 is a fair value).
const WORKER_HEAP_MB = 160;

function heapBudget() {
  const command = process.argv[2];
  if (!(command === 'worker' || command === 'serve') || process.env.RELANCE_HEAP_APPLIED) return undefined;
  const given = [process.env.NODE_OPTIONS || '', ...process.execArgv].join(' ');
  if (/--max-old-space-size|--max_old_space_size/.test(given)) return undefined;
  const setting = (process.env.RELANCE_HEAP_MB || '').trim();
  if (setting === '0') return undefined;
  if (setting === '') return command === 'worker' ? WORKER_HEAP_MB : undefined;
  if (!/^\d+$/.test(setting) || Number(setting) < 96) {
    process.stderr.write(
      `relance: error: invalid configuration: RELANCE_HEAP_MB must be the worker's heap size in MB, 96 or more, or 0 for Node's default (got "${setting}")\n`,
    );
    process.exit(1);
  }
  return Number(setting);
}

function runWithHeap(megabytes) {
  const args = [...process.execArgv, `--max-old-space-size=${megabytes}`, __filename, ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, {
    stdio: 'inherit',
    // Two malloc arenas instead of up to 8 per core: the memory of messages freed by one thread is
    // reused by the next instead of sitting in another arena (glibc; ignored elsewhere). Kept if set.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, RELANCE_HEAP_APPLIED: String(process.pid) },
  });
  // Signals sent to this process (a service manager, a container stop) go to the one that works.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of signals) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  child.on('error', (error) => {
    process.stderr.write('relance: could not start: ' + error.message + '\n');
    process.exit(1);
  });
}

/**
 * Started again by a launcher: dies with it. Only SIGKILL stops a launcher without passing the
 * signal on (a crash, an impatient supervisor), so the worker ends the same way: at once, its
 * messages in flight left `sending` for the lease to turn `unknown`, as if it had been killed.
 */
function dieWithLauncher() {
  const launcher = Number(process.env.RELANCE_HEAP_APPLIED);
  delete process.env.RELANCE_HEAP_APPLIED; // not for processes this one starts
  if (!launcher) return;
  const timer = setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, 'SIGKILL');
  }, 500);
  timer.unref();
}

const heap = heapBudget();
if (heap !== undefined) runWithHeap(heap);
else {
  dieWithLauncher();
  require(entry)
    .main(process.argv)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error) => {
        process.stderr.write(
          'relance: unexpected error: ' + (error && error.stack ? error.stack : String(error)) + '\n',
        );
        process.exitCode = 1;
      },
    );
}
