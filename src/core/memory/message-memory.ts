/**
 * Memory for the messages `buildMimeMessage` writes.
 *
 * Why it exists: a campaign sends tens of thousands of messages of nearly the same size, and
 * allocating ~50 KB afresh for each one (and freeing it) costs the allocator, page faults and
 * garbage collections triggered by external memory, all on the thread that also talks SMTP. Here
 * the memory of a message that has been sent is handed to the next one. Each message also has a
 * few spare bytes after it, where the SMTP terminator is written so that message and terminator
 * leave in one write without a copy (see core/smtp/smtp-data.ts). Measured by `npm run bench
 * infrastructure` (docs/benchmarks.md, "Why relance keeps its own message memory"): 100,000
 * messages of ~50 KB with 128 in flight, 1.5× the throughput of `Buffer.allocUnsafe` (2× that of
 * `Buffer.allocUnsafeSlow`) at a third of the CPU time, with 3 garbage collections against 190.
 *
 * Guarantees: a message from `allocateMessage` has exactly the size asked for and at least
 * `SPARE_BYTES` writable bytes after it (`spareRoom`); its memory is never handed out twice while
 * it is live; memory nobody took from here, or given back twice, is ignored.
 *
 * What callers must do:
 * - write the whole message (the memory is not cleared: it held an earlier recipient's message);
 * - give it back with `recycleMessage` only once nothing will read it again: the e-mail sender
 *   does, once the transport's promise resolved `sent`. So a transport must not keep the raw
 *   message (nor a view of it) after its promise resolves: it would read the next recipient's
 *   message. Enforced under test: with NODE_ENV=test (set by jest) recycled memory is filled with
 *   a poison pattern at once, so a transport that read it later would hand over garbage, which
 *   `channels/email/message-release.spec.ts` checks for through every e-mail transport.
 */
export const SPARE_BYTES = 8;
const GRANULE = 4096;
const MAX_FREE_PER_SIZE = 256;
const MAX_FREE_BYTES = 32 * 1024 * 1024;

const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;
/** Messages handed out and not given back yet (their memory is this module's). */
const live = new WeakSet<Buffer>();

/** What recycled memory holds under test: readable in an .eml or a relay's log, never a valid message. */
const POISON = Buffer.from('<recycled message memory: read after its transport resolved> ');
const poisonRecycled = process.env.NODE_ENV === 'test';

/** Memory for a message of `size` bytes (its content is whatever was there: write all of it). */
export function allocateMessage(size: number): Buffer {
  const capacity = Math.ceil((size + SPARE_BYTES) / GRANULE) * GRANULE;
  let memory = free.get(capacity)?.pop();
  if (memory) freeBytes -= capacity;
  else memory = new ArrayBuffer(capacity);
  const message = Buffer.from(memory, 0, size);
  live.add(message);
  return message;
}

/** Gives a sent message's memory back (anything else, or a second time: ignored). */
export function recycleMessage(message: Buffer): void {
  if (!live.has(message)) return;
  live.delete(message);
  const memory = message.buffer as ArrayBuffer;
  if (poisonRecycled) Buffer.from(memory).fill(POISON);
  const list = free.get(memory.byteLength) ?? [];
  if (list.length >= MAX_FREE_PER_SIZE || freeBytes + memory.byteLength > MAX_FREE_BYTES) return;
  list.push(memory);
  free.set(memory.byteLength, list);
  freeBytes += memory.byteLength;
}

/** Bytes that may be written right after a message from `allocateMessage` (0 for any other buffer). */
export function spareRoom(message: Buffer): number {
  if (!live.has(message)) return 0;
  return message.buffer.byteLength - (message.byteOffset + message.length);
}
