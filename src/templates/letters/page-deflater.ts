import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';

/**
 * Page content streams deflated on a thread of their own, while the main thread lays out the next
 * letters: a print batch otherwise spends about a fifth of its time in deflateSync on one core, and
 * the machine has a second (docs/benchmarks.md, "letters").
 *
 * Invariants:
 * - one thread per print batch (`close()` ends it); a preview, a single letter, deflates inline
 *   (`deflateInline`), as starting a thread would cost more than it saves;
 * - answers come back in the order of the requests (one thread, answering each message before the
 *   next, and a MessagePort delivers in order): the queue of waiting promises is FIFO;
 * - the bytes are those of `deflateInline` (same zlib, same level), so a batch's PDF does not depend
 *   on where its pages were deflated — nor on when (letter-pdf.ts writes each stream at a fixed point);
 * - a thread that fails (crash, out of memory) rejects every waiting page, and the batch fails with it.
 */
export const CONTENT_DEFLATE_LEVEL = 1;

export function deflateInline(content: string): Buffer {
  return zlib.deflateSync(Buffer.from(content, 'latin1'), { level: CONTENT_DEFLATE_LEVEL });
}

/** Runs in the thread: plain JavaScript, so that it works from compiled code and from the specs' TypeScript alike. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
parentPort.on('message', (content) => {
  try {
    const deflated = zlib.deflateSync(Buffer.from(content, 'latin1'), { level: workerData.level });
    parentPort.postMessage(deflated);
  } catch (error) {
    parentPort.postMessage({ failure: error && error.message ? error.message : String(error) });
  }
});`;

interface Waiting {
  resolve: (deflated: Buffer) => void;
  reject: (error: Error) => void;
}

export class PageDeflater {
  private readonly worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { level: CONTENT_DEFLATE_LEVEL } });
  private readonly waiting: Waiting[] = [];
  private failure?: Error;

  constructor() {
    this.worker.on('message', (answer: Uint8Array | { failure: string }) => {
      const request = this.waiting.shift();
      if (answer instanceof Uint8Array) request?.resolve(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
      else request?.reject(new Error(`page deflate: ${answer.failure}`));
    });
    const fail = (reason: string) => {
      this.failure ??= new Error(`the page deflate thread stopped: ${reason}`);
      for (const request of this.waiting.splice(0)) request.reject(this.failure);
    };
    this.worker.on('error', (error) => fail(error.message));
    this.worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  /** One page's content stream (operators as latin1 text), deflated on the thread. */
  deflate(content: string): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.worker.postMessage(content);
    return answer;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the page deflate thread was closed');
    await this.worker.terminate();
  }
}
