import type { SendOutcome } from '../channels/channel.types';
import type { PreparedStream, RenderResult } from './channel-sender';
import type { ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';
import type { DispatchReport, Halt } from './outcome-recorder';
import { OutcomeWriter, type OutcomeWriterHost, type SettledOutcome } from './outcome-writer';

/** What a send window works with, given by the dispatch. */
export interface SendWindowContext {
  deliveries: DeliveriesRepository;
  worker: string;
  inFlight: number;
  leaseSeconds: number;
  /** Records a batch of outcomes (the outcome recorder), saying when the dispatch must halt. */
  record(batch: SettledOutcome[]): Promise<Halt | undefined>;
  /** The halt an outcome that stops handing over calls for. */
  haltFor(outcome: { status: 'unreachable' | 'not_sent'; error: string }): Halt;
  /** The process is stopping. */
  stopping(): boolean;
  /** The campaign still runs (not paused, not cancelled). */
  isActive(): Promise<boolean>;
}

export interface SendWindowResult {
  stop?: string;
  halt?: Halt;
  /** Claims from this index on were never handed over. */
  begun: number;
  /** The stream stopped before its end: what was not handed over goes back. */
  stopped: boolean;
}

type Rendered = Map<string, RenderResult>;

/**
 * Sends a claimed batch as a stream. Windows of `inFlight` messages are rendered one ahead;
 * messages are handed over (claimed → sending, consent re-checked) half a window at a time as
 * soon as there is room, and outcomes are recorded half a window at a time (or all that are
 * left once nothing is on its way) by the `OutcomeWriter`. At most `inFlight` of this job's rows
 * are ever in `sending` (what a crash can leave `unknown`), and the transport never waits for a
 * whole window to drain.
 *
 * Half a window, not less: each of those statements costs PostgreSQL about a millisecond
 * whatever its size (16 rows: ~220 µs of its CPU per message for the three transitions; 64
 * rows: ~100 µs), while the other half keeps the transport busy meanwhile.
 */
export class SendWindow implements OutcomeWriterHost {
  private stop: string | undefined;
  private halt: Halt | undefined;
  /** This job's rows in `sending` whose outcome is not recorded yet. */
  private sendingRows = 0;
  private begun = 0;
  private readonly sends = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private readonly minimumHandOver: number;
  private readonly writer: OutcomeWriter;

  constructor(
    private readonly context: SendWindowContext,
    private readonly prepared: PreparedStream,
    private readonly claimed: ClaimedDelivery[],
    private readonly reach: string,
    private readonly report: DispatchReport,
  ) {
    this.minimumHandOver = Math.max(1, Math.ceil(context.inFlight / 2));
    this.writer = new OutcomeWriter((batch) => context.record(batch), this.minimumHandOver, this);
  }

  async run(): Promise<SendWindowResult> {
    const { inFlight } = this.context;
    let window = this.renderWindow(0);
    try {
      for (let from = 0; window && !this.stopped(); from += inFlight) {
        const { slice, rendered } = await window;
        window = this.renderWindow(from + inFlight);
        // Paused or cancelled meanwhile? Asked once per window.
        if (from > 0 && !(await this.context.isActive())) this.stop = 'campaign not running';
        await this.handOverWindow(from, slice, rendered);
      }
    } finally {
      // Whatever happens, what was handed to the transport finishes and is recorded first.
      while (this.sends.size) await Promise.all([...this.sends]);
      await this.writer.drain();
    }
    if (this.writer.failure) throw this.writer.failure.error;
    return { stop: this.stop, halt: this.halt, begun: this.begun, stopped: this.stopped() };
  }

  pendingSends(): number {
    return this.sends.size;
  }

  written(count: number, halt: Halt | undefined): void {
    this.sendingRows -= count;
    this.halt ??= halt;
    this.changed();
  }

  changed(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private stopped(): boolean {
    return Boolean(this.stop || this.halt || this.writer.failure || this.context.stopping());
  }

  private renderWindow(from: number): Promise<{ slice: ClaimedDelivery[]; rendered: Rendered }> | undefined {
    const slice = this.claimed.slice(from, from + this.context.inFlight);
    if (!slice.length) return undefined;
    const rendering = this.prepared.render(slice).then((rendered) => ({ slice, rendered }));
    rendering.catch(() => undefined); // awaited later: its failure must not count as unhandled meanwhile
    return rendering;
  }

  /** Hands a rendered window over as room frees up: never more than `inFlight` rows in `sending`. */
  private async handOverWindow(from: number, slice: ClaimedDelivery[], rendered: Rendered): Promise<void> {
    const { inFlight } = this.context;
    for (let offset = 0; offset < slice.length && !this.stopped();) {
      if (inFlight - this.sendingRows < Math.min(this.minimumHandOver, slice.length - offset)) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      const chunk = slice.slice(offset, offset + inFlight - this.sendingRows);
      offset += chunk.length;
      await this.handOver(chunk, from + offset, rendered);
    }
  }

  private async handOver(chunk: ClaimedDelivery[], begun: number, rendered: Rendered): Promise<void> {
    this.sendingRows += chunk.length;
    const { sending, suppressed } = await this.context.deliveries.beginSending(
      chunk.map((d) => d.id),
      this.context.worker,
      this.reach,
      this.context.leaseSeconds,
    );
    this.begun = begun;
    this.sendingRows -= chunk.length - sending.size;
    this.report.suppressed += suppressed;
    for (const delivery of chunk) if (sending.has(delivery.id)) this.send(delivery, rendered.get(delivery.id));
  }

  private send(delivery: ClaimedDelivery, result: RenderResult | undefined): void {
    if (!result?.ok) {
      this.settle(delivery, { status: 'failed', error: result?.reason ?? 'could not be rendered' });
      return;
    }
    const send: Promise<void> = this.prepared
      .send(delivery, result.message)
      .catch((error: Error) => ({ status: 'unknown' as const, error: error.message }))
      .then((outcome) => {
        this.sends.delete(send);
        this.settle(delivery, outcome);
      });
    this.sends.add(send);
  }

  private settle(delivery: ClaimedDelivery, outcome: SendOutcome): void {
    this.writer.add({ delivery, outcome });
    // Unreachable, or the transport stopping: hand nothing more over, at once.
    if (!this.halt && (outcome.status === 'unreachable' || outcome.status === 'not_sent')) {
      this.halt = this.context.haltFor(outcome);
      this.changed();
    }
    void this.writer.flush();
  }
}
