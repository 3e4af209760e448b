import type { EntityManager } from 'typeorm';

/**
 * A contact is being erased (right to erasure, or the retention purge of a prospect). Every
 * feature holding personal data removes or anonymises its share inside `manager`, the erasure's
 * transaction: emitted with `emitAsync`, so the erasure commits only once every share is gone.
 */
export class ContactErasureRequestedEvent {
  static readonly event = 'privacy.contact-erasure-requested';

  constructor(
    readonly contactId: string,
    readonly manager: EntityManager,
  ) {}
}
