import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (chunk: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** ReadyForQuery: 'Z', length 5, then the transaction status ('I' idle, 'T' in a transaction, 'E' failed one). */
const READY_FOR_QUERY = [0x5a, 0, 0, 0, 5];
const IDLE = 0x49;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/**
 * Decides which connection's protocol message PGlite's single backend session runs next, in
 * place of pglite-socket's own queue (0.2.x).
 *
 * PGlite is one PostgreSQL session shared by every socket connection. The session is not only
 * its transaction: an extended-protocol query (Parse, Bind, Describe, Execute, Sync) keeps the
 * unnamed statement and portal in it from the Parse to the ReadyForQuery that answers the Sync,
 * outside any transaction. pglite-socket's queue pins the session to a connection only while a
 * transaction is open, so two connections' queries interleave there: one binds to the other's
 * statement ("unnamed prepared statement does not exist", or worse, the other's query runs).
 * Here a connection owns the session from its first message until the backend answers it with
 * ReadyForQuery in the idle state; meanwhile the others wait. A failed run rejects that message
 * only, and the queue goes on (pglite-socket's stops for good). Upstream: electric-sql/pglite#1046.
 */
export class EmbeddedSessionScheduler {
  private readonly waiting: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  /** Queues one frontend message of a connection; resolves with the bytes answered, once sent to `onData`. */
  enqueue(handlerId: number, message: Uint8Array, onData: (chunk: Uint8Array) => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  /** A connection closed: what it still had queued will never be answered. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].handlerId !== handlerId) continue;
      const [dropped] = this.waiting.splice(i, 1);
      dropped.reject(new Error('connection closed'));
    }
  }

  /**
   * A connection closed while it owned the session: ends what it left open (an extended query
   * waiting for its Sync, a transaction) so the next connection starts from a clean session.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    try {
      await this.db.runExclusive(async () => {
        await this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined });
        if (this.db.isInTransaction())
          await this.db.execProtocolRawStream(simpleQuery('ROLLBACK'), { onRawData: () => undefined });
      });
    } finally {
      this.owner = null;
      void this.drain();
    }
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.waiting.shift();
    const index = this.waiting.findIndex((pending) => pending.handlerId === this.owner);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Stops when the owner has nothing queued: its next message, or its disconnection, resumes.
      for (let pending = this.next(); pending; pending = this.next()) await this.run(pending);
    } finally {
      this.running = false;
    }
  }

  private async run(pending: Pending): Promise<void> {
    this.owner = pending.handlerId;
    const tail = new Uint8Array(READY_FOR_QUERY.length + 1);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(pending.message, {
          onRawData: (chunk: Uint8Array) => {
            bytes += chunk.length;
            keepTail(tail, chunk);
            pending.onData(chunk);
          },
        }),
      );
    } catch (error) {
      if (!this.db.isInTransaction()) this.owner = null;
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (bytes >= tail.length && isIdleReadyForQuery(tail)) this.owner = null;
    pending.resolve(bytes);
  }
}

/** Keeps the last `tail.length` bytes written so far (the answer arrives in chunks). */
function keepTail(tail: Uint8Array, chunk: Uint8Array): void {
  if (chunk.length >= tail.length) {
    tail.set(chunk.subarray(chunk.length - tail.length));
    return;
  }
  tail.copyWithin(0, chunk.length);
  tail.set(chunk, tail.length - chunk.length);
}

function isIdleReadyForQuery(tail: Uint8Array): boolean {
  return READY_FOR_QUERY.every((byte, i) => tail[i] === byte) && tail[READY_FOR_QUERY.length] === IDLE;
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'latin1');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}
