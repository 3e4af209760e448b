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
 *   next, pages in the order they came, and a MessagePort delivers in order): the queue of waiting
 *   promises is FIFO;
 * - a page is sent with PAGES_PER_MESSAGE - 1 others at most, or by `send()`: whoever waits for a
 *   page calls `send()` first, unless PAGES_PER_MESSAGE more pages have been asked for since;
 * - the bytes are those of `deflateInline` (same zlib, same level), so a batch's PDF does not depend
 *   on where its pages were deflated — nor on when (letter-pdf.ts writes each stream at a fixed point);
 * - a thread that fails (crash, out of memory) rejects every waiting page, and the batch fails with it.
 */
export const CONTENT_DEFLATE_LEVEL = 1;

/**
 * Pages sent to the thread per message: on a busy machine each postMessage cost the main thread
 * 1.5–4 ms of wall time however large the message (under load 5–7, 5,000 pages: 2.6 s in
 * postMessage at 1 page a message, 1.0 s at 8, 0.66 s at 32, 0.42 s at 32 with the pages' memory
 * moved rather than copied). A page waits at most until PAGES_PER_MESSAGE more are drawn, or `send()`.
 */
export const PAGES_PER_MESSAGE = 32;

export function deflateInline(content: string): Buffer {
  return zlib.deflateSync(Buffer.from(content, 'latin1'), { level: CONTENT_DEFLATE_LEVEL });
}

/** Runs in the thread: plain JavaScript, so that it works from compiled code and from the specs' TypeScript alike. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
parentPort.on('message', (pages) => {
  try {
    parentPort.postMessage(pages.map((content) => zlib.deflateSync(content, { level: workerData.level })));
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
  private readonly unsent: Buffer[] = [];
  private failure?: Error;

  constructor() {
    const fail = (reason: string) => {
      this.failure ??= new Error(`the page deflate thread stopped: ${reason}`);
      for (const request of this.waiting.splice(0)) request.reject(this.failure);
    };
    this.worker.on('message', (answer: Uint8Array[] | { failure: string }) => {
      if (!Array.isArray(answer)) return fail(`page deflate: ${answer.failure}`);
      for (const deflated of answer) {
        this.waiting.shift()?.resolve(Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength));
      }
    });
    this.worker.on('error', (error) => fail(error.message));
    this.worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  /** One page's content stream (operators as latin1 text), deflated on the thread. */
  deflate(content: string): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.unsent.push(Buffer.from(content, 'latin1'));
    if (this.unsent.length >= PAGES_PER_MESSAGE) this.send();
    return answer;
  }

  /** Sends the pages not sent yet (`deflate` sends them by PAGES_PER_MESSAGE). */
  send(): void {
    if (!this.unsent.length) return;
    const pages = this.unsent.splice(0);
    // Moved, not copied, when a page has its memory to itself (Buffer.from pools only small ones).
    const own = pages.filter((page) => page.byteOffset === 0 && page.byteLength === page.buffer.byteLength).map((page) => page.buffer as ArrayBuffer);
    this.worker.postMessage(pages, own);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the page deflate thread was closed');
    await this.worker.terminate();
  }
}
