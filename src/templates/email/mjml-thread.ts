import { Worker } from 'node:worker_threads';

/**
 * MJML compiled in a worker thread that ends when it has nothing to do.
 *
 * Why: MJML and its dependencies cost ~55 MB of memory once loaded, and a module once loaded stays
 * for the life of the process. A sending worker compiles each template version once (then merges
 * the precompiled HTML per recipient), so it would carry those 55 MB through a whole send for a
 * few hundred milliseconds of use; in a thread they go away with the thread (docs/benchmarks.md,
 * "Sending worker memory").
 *
 * Invariants:
 * - at most one thread; requests are answered in any order, each by its id;
 * - the thread ends `idleMs` after its last answer (30 s: the console's previews, one after the
 *   other, reuse it; a worker sets 0 with `endMjmlThreadWhenIdle`, as it compiles a template once
 *   for a whole send and its peak memory is what matters); it keeps the process alive only while a
 *   compilation is waiting (a command awaiting it would otherwise end without its answer);
 * - a thread that dies (crash, out of memory) fails every request still waiting, with the reason;
 *   the next request starts a new one;
 * - MJML's own errors come back as an Error with MJML's message, as a call in this thread would throw.
 */
let idleMs = 30_000;

/** Processes that compile rarely (a sending worker): the thread ends as soon as no compilation is waiting. */
export function endMjmlThreadWhenIdle(): void {
  idleMs = 0;
}

/** Runs in the thread: plain JavaScript, so that it works from compiled code and from the specs' TypeScript alike. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mjml2html = require(workerData.mjml);
parentPort.on('message', async ({ id, mjml, options }) => {
  try {
    const { html, errors } = await mjml2html(mjml, options);
    parentPort.postMessage({ id, html, errors: errors.map((e) => ({ line: e.line, message: e.message })) });
  } catch (error) {
    parentPort.postMessage({ id, failure: error && error.message ? error.message : String(error) });
  }
});`;

export interface MjmlOutput {
  html: string;
  errors: Array<{ line?: number; message: string }>;
}

interface Pending {
  resolve: (output: MjmlOutput) => void;
  reject: (error: Error) => void;
}

interface Compiler {
  worker: Worker;
  /** Requests sent to this thread and not answered yet. */
  pending: Map<number, Pending>;
}

let thread: Compiler | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;

function start(): Compiler {
  const started = new Worker(THREAD_SOURCE, { eval: true, workerData: { mjml: require.resolve('mjml') } });
  const pending = new Map<number, Pending>();
  const compiler = { worker: started, pending };
  started.on('message', (answer: { id: number; html?: string; errors?: MjmlOutput['errors']; failure?: string }) => {
    const request = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.failure !== undefined) request?.reject(new Error(answer.failure));
    else request?.resolve({ html: answer.html ?? '', errors: answer.errors ?? [] });
    if (pending.size > 0) return;
    started.unref();
    if (idleMs === 0) stop();
    else idleTimer = setTimeout(stop, idleMs).unref();
  });
  const fail = (reason: string) => {
    if (thread === compiler) thread = undefined;
    for (const request of pending.values()) request.reject(new Error(`the MJML compiler stopped: ${reason}`));
    pending.clear();
  };
  started.on('error', (error) => fail(error.message));
  started.on('exit', (code) => fail(`exit code ${code}`));
  return compiler;
}

function stop(): void {
  const ending = thread;
  thread = undefined;
  if (ending) void ending.worker.terminate();
}

/** `mjml2html(mjml, options)`, in the thread. */
export function compileMjmlInThread(mjml: string, options: Record<string, unknown>): Promise<MjmlOutput> {
  clearTimeout(idleTimer);
  const compiler = (thread ??= start());
  // Kept alive while it has work, or a command whose only wait is this compilation would end before its answer.
  compiler.worker.ref();
  const id = nextId++;
  const sent = new Promise<MjmlOutput>((resolve, reject) => compiler.pending.set(id, { resolve, reject }));
  compiler.worker.postMessage({ id, mjml, options });
  return sent;
}
