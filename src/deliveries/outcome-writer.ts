import type { SendOutcome } from '../channels/channel.types';
import type { ClaimedDelivery } from './deliveries.repository';
import type { Halt } from './outcome-recorder';

/** A message whose transport outcome came back, waiting to be recorded. */
export interface SettledOutcome {
  delivery: ClaimedDelivery;
  outcome: SendOutcome;
}

/** What the writer needs from the stream it records for. */
export interface OutcomeWriterHost {
  /** Messages handed to the transport whose outcome has not come back yet. */
  pendingSends(): number;
  /** `count` outcomes were recorded; `halt` when they say the dispatch must stop. */
  written(count: number, halt: Halt | undefined): void;
  /** Something the stream may be waiting for changed (a write failed). */
  changed(): void;
}

/**
 * Records a stream's outcomes half a window at a time (`minimum`), or all that are left once
 * nothing is on its way, one write at a time: outcomes that come back during a write wait for
 * the next. A failed write (the database going away) stops all writing; the stream fails with it.
 */
export class OutcomeWriter {
  private readonly waiting: SettledOutcome[] = [];
  private recording: Promise<void> | undefined;
  failure: { error: unknown } | undefined;

  constructor(
    private readonly record: (batch: SettledOutcome[]) => Promise<Halt | undefined>,
    private readonly minimum: number,
    private readonly host: OutcomeWriterHost,
  ) {}

  add(settled: SettledOutcome): void {
    this.waiting.push(settled);
  }

  /** Starts a write when one is worth it and none runs; resolves when the running write ends. Never rejects. */
  flush(): Promise<void> {
    if (this.recording || !this.due()) return this.recording ?? Promise.resolve();
    this.recording = this.write();
    return this.recording;
  }

  /** Writes whatever still waits (once the sends have all come back). */
  async drain(): Promise<void> {
    while (this.recording || this.due()) await this.flush();
  }

  private due(): boolean {
    const worthWriting = this.waiting.length >= this.minimum || !this.host.pendingSends();
    return this.waiting.length > 0 && !this.failure && worthWriting;
  }

  private async write(): Promise<void> {
    try {
      do {
        const batch = this.waiting.splice(0);
        const halt = await this.record(batch);
        this.host.written(batch.length, halt);
      } while (this.due());
    } catch (error) {
      this.failure ??= { error };
      this.host.changed();
    } finally {
      this.recording = undefined;
    }
  }
}
