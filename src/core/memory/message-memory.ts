/**
 * Memory for the messages `buildMimeMessage` writes. A campaign sends tens of thousands of
 * messages of nearly the same size: allocating ~50 KB afresh for each one (and freeing it) costs
 * the allocator, page faults and garbage collections triggered by external memory, all on the
 * thread that also talks SMTP. Here the memory of a message that has been sent is handed to the
 * next one. Each message also has a few spare bytes after it, where the SMTP terminator is
 * written so that message and terminator leave in one write without a copy.
 *
 * Only memory taken here is ever given back, once: a message recycled is not to be read again.
 */
export const SPARE_BYTES = 8;
const GRANULE = 4096;
const MAX_FREE_PER_SIZE = 256;
const MAX_FREE_BYTES = 32 * 1024 * 1024;

const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;
/** Messages handed out and not given back yet (their memory is this module's). */
const live = new WeakSet<Buffer>();

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
