import type { EntityManager } from 'typeorm';

/**
 * A contact is being erased (right to erasure, or the retention purge of a prospect). Every
 * feature holding personal data removes or anonymises its share inside the erasure's transaction:
 * emitted with `emitAsync`, so the erasure commits only once every share is gone.
 *
 * `emitAsync` starts every listener at once, but a transaction is one connection, which runs one
 * statement at a time: listeners reach the transaction only through `inTurn`, which queues them.
 */
export class ContactErasureRequestedEvent {
  static readonly event = 'privacy.contact-erasure-requested';

  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly contactId: string,
    private readonly manager: EntityManager,
  ) {}

  /** Runs `work` on the erasure's transaction once the listeners before it are done. */
  inTurn<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = this.turn.then(() => work(this.manager));
    this.turn = result.catch(() => undefined);
    return result;
  }
}
