import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataParticipant } from '../privacy/personal-data-participant';

/**
 * The complaints' share of a person's data: shown in full on export; on erasure the free text
 * (descriptions, thread, explanations, attachment references) goes, while references, dates,
 * codes and amounts stay as anonymous figures for the dashboard.
 */
@Injectable()
export class ComplaintPersonalData extends PersonalDataParticipant {
  readonly name = 'complaints';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async export(contactId: string): Promise<unknown> {
    return this.dataSource.query(
      `SELECT c.reference, c.channel, c.received_at, c.subject, c.description, c.status, c.cause, c.category, c.due_at, c.answered_at, c.closed_at, c.closing_condition,
              c.closing_explanation,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('at', m.at, 'direction', m.direction, 'channel', m.channel, 'body', m.body, 'attachments', m.attachments) ORDER BY m.at), '[]'::jsonb)
               FROM complaint_messages m WHERE m.complaint_id = c.id) AS messages,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'amount', p.amount, 'currency', p.currency) ORDER BY p.id), '[]'::jsonb)
               FROM complaint_compensations p WHERE p.complaint_id = c.id) AS compensations
       FROM complaints c WHERE c.contact_id = $1 ORDER BY c.received_at`,
      [contactId],
    );
  }

  async erase(contactId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE complaint_messages SET body = '', attachments = '[]'::jsonb, author = NULL WHERE complaint_id IN (SELECT id FROM complaints WHERE contact_id = $1)`,
      [contactId],
    );
    await manager.query(
      `UPDATE complaint_compensations SET note = NULL WHERE complaint_id IN (SELECT id FROM complaints WHERE contact_id = $1)`,
      [contactId],
    );
    // The workflow log repeats what a transition set: the product and a compensation's note go there too.
    await manager.query(
      `UPDATE complaint_transitions
       SET details = CASE WHEN jsonb_typeof(details -> 'compensation') = 'object'
                          THEN jsonb_set(details - 'product', '{compensation}', (details -> 'compensation') - 'note')
                          ELSE details - 'product' END
       WHERE complaint_id IN (SELECT id FROM complaints WHERE contact_id = $1) AND (details ? 'product' OR details -> 'compensation' ? 'note')`,
      [contactId],
    );
    await manager.query(
      `UPDATE complaints SET subject = '(effacé)', description = '', product = NULL, owner_email = NULL,
         closing_explanation = CASE WHEN closing_explanation IS NULL THEN NULL ELSE '(effacé)' END, updated_at = now()
       WHERE contact_id = $1`,
      [contactId],
    );
  }
}
