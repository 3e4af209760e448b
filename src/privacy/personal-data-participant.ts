import { OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { ContactErasureRequestedEvent } from './events/contact-erasure-requested.event';
import {
  PersonalDataExportRequestedEvent,
  type PersonalDataShare,
} from './events/personal-data-export-requested.event';

/**
 * A feature's share of a person's data: what to show on export, what to remove on erasure. A
 * provider extending this class answers the privacy events by itself; nothing to register.
 */
export abstract class PersonalDataParticipant {
  abstract readonly name: string;

  abstract export(contactId: string): Promise<unknown>;

  /** Removes or anonymises the feature's personal data, inside the erasure transaction. */
  abstract erase(contactId: string, manager: EntityManager): Promise<void>;

  @OnEvent(PersonalDataExportRequestedEvent.event, { suppressErrors: false })
  async shareForExport(request: PersonalDataExportRequestedEvent): Promise<PersonalDataShare> {
    return { name: this.name, data: await this.export(request.contactId) };
  }

  @OnEvent(ContactErasureRequestedEvent.event, { suppressErrors: false })
  async eraseOnRequest(request: ContactErasureRequestedEvent): Promise<void> {
    await request.inTurn((manager) => this.erase(request.contactId, manager));
  }
}
