import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ContactErasureRequestedEvent } from '../privacy/events/contact-erasure-requested.event';
import { DeliveriesRepository } from './deliveries.repository';

/**
 * Erasure of a contact's messages: their merge data and errors go, inside the erasure's
 * transaction; the anonymous fact of each message stays, so campaign reports keep adding up.
 * What the person is shown on export is gathered by `privacy/messaging-personal-data.ts`.
 */
@Injectable()
export class DeliveryErasure {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @OnEvent(ContactErasureRequestedEvent.event, { suppressErrors: false })
  async erase(request: ContactErasureRequestedEvent): Promise<void> {
    await request.inTurn((manager) => this.deliveries.erasePersonalData(request.contactId, manager));
  }
}
