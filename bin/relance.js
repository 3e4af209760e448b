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

// Long-running processes get a V8 heap that does not pile up garbage (RELANCE_HEAP_MB,
// docs/configuration.md): by default V8 lets garbage promoted while messages are on their way grow
// the old space between two major collections (a sending worker grew to ~400 MB RSS for ~70 MB of
// live heap; docs/benchmarks.md). Node reads heap flags only at start-up, so the process starts
// again with them, unless Node was already given a heap size (NODE_OPTIONS or a flag) or
// RELANCE_HEAP_MB=0.
// `worker` by default: no size limit, but a major collection once the old space is
// WORKER_HEAP_GROWTH_PERCENT above what the last one left (V8's default lets it grow up to 4×).
// A hard limit (RELANCE_HEAP_MB=160) did the same for e-mails, but a 10,000-letter print batch
// (one PDF, claimed at once) ran it out of memory: a worker must never die of legitimate work.
// RELANCE_HEAP_MB=<n> sets a hard limit instead, for `worker` and `serve`.
const WORKER_HEAP_GROWTH_PERCENT = 20;

/** The V8 flags to start this command again with, or undefined to run it as it is. */
function heapFlags() {
  const command = process.argv[2];
  if (!(command === 'worker' || command === 'serve') || process.env.RELANCE_HEAP_APPLIED) return undefined;
  const given = [process.env.NODE_OPTIONS || '', ...process.execArgv].join(' ');
  if (/--max-old-space-size|--max_old_space_size/.test(given)) return undefined;
  const setting = (process.env.RELANCE_HEAP_MB || '').trim();
  if (setting === '0') return undefined;
  if (setting === '')
    return command === 'worker' ? [`--heap-growing-percent=${WORKER_HEAP_GROWTH_PERCENT}`] : undefined;
  if (!/^\d+$/.test(setting) || Number(setting) < 96) {
    process.stderr.write(
      `relance: error: invalid configuration: RELANCE_HEAP_MB must be the worker's heap size in MB, 96 or more, or 0 for Node's default (got "${setting}")\n`,
    );
    process.exit(1);
  }
  return [`--max-old-space-size=${Number(setting)}`];
}

function runWithHeap(flags) {
  const args = [...process.execArgv, ...flags, __filename, ...process.argv.slice(2)];
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

const flags = heapFlags();
if (flags !== undefined) runWithHeap(flags);
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
