import type { EntityManager } from 'typeorm';

/** What deliveries see a recipient (or their mailbox provider) do with a message. */
export interface ObservedResponse {
  kind: 'open' | 'click' | 'complaint';
  deliveryId: string;
  value?: string;
  automated?: boolean;
  details: Record<string, unknown>;
  source: string;
  receivedAt: Date;
  dedupeKey?: string;
}

/**
 * An open or a click through a tracked link, or a spam report from the provider: deliveries
 * notice it, the responses layer records it. Emitted with `emitAsync`, so the emitter waits for
 * the response to be recorded (and, with `manager`, recorded in the emitter's transaction).
 */
export class ResponseObservedEvent {
  static readonly event = 'deliveries.response-observed';

  constructor(
    readonly response: ObservedResponse,
    readonly manager?: EntityManager,
  ) {}
}
