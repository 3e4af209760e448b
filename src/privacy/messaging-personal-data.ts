import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataParticipant } from './personal-data-participant';

/**
 * The messages sent to a person and what they answered, for the right of access (export) and
 * the right to erasure: on erasure the merge data, the free text of answers and the details of
 * events go; the anonymous facts (a message sent, a coupon returned, a score) stay with the
 * tombstone so campaign reports keep adding up. The messages' own merge data is erased by
 * their ledger's owner (`deliveries/delivery-erasure.listener.ts`), in the same transaction.
 */
@Injectable()
export class MessagingPersonalData extends PersonalDataParticipant {
  readonly name = 'messages';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async export(contactId: string): Promise<unknown> {
    const messages = await this.dataSource.query(
      `SELECT d.id::text AS delivery_id, c.name AS campaign, c.kind, d.channel, d.purpose, d.state, d.occurrence, d.response_code, d.created_at, d.sent_at, d.data
       FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id WHERE d.contact_id = $1 ORDER BY d.id`,
      [contactId],
    );
    const responses = await this.dataSource.query(
      `SELECT r.kind, r.value, r.positive, r.details, r.source, r.received_at, r.delivery_id::text AS delivery_id
       FROM responses r WHERE r.contact_id = $1 ORDER BY r.received_at`,
      [contactId],
    );
    const events = await this.dataSource.query(`SELECT name, occurred_at, data, source FROM contact_events WHERE contact_id = $1 ORDER BY occurred_at`, [contactId]);
    return { messages, responses, events };
  }

  async erase(contactId: string, manager: EntityManager): Promise<void> {
    // A score (NPS 0–10) is anonymous once the contact is; free text is not.
    await manager.query(
      `UPDATE responses SET value = CASE WHEN value ~ '^[0-9]{1,2}$' THEN value END, details = '{}'::jsonb WHERE contact_id = $1`,
      [contactId],
    );
    await manager.query(`UPDATE contact_events SET data = '{}'::jsonb WHERE contact_id = $1`, [contactId]);
    await manager.query(`UPDATE automation_occurrences SET data = '{}'::jsonb WHERE contact_id = $1`, [contactId]);
  }
}
