import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ContactEvent {
  contactId: string;
  /** Lower-case name: `complaint_closed`, `referral_succeeded`, … */
  name: string;
  occurredAt: Date;
  data?: Record<string, unknown>;
  /** The same key records once: a retried post, a closure replayed. */
  idempotencyKey: string;
  source?: string;
}

/** An event as read back (snake_case: it is exported as is). */
export interface StoredContactEvent {
  name: string;
  occurred_at: Date;
  data: Record<string, unknown>;
  source: string | null;
}

/** The append-only log of what happened to contacts, which event-driven automations read. */
@Injectable()
export class ContactEvents {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the event (inside the caller's transaction when given); false when the key was already recorded. */
  async record(
    event: ContactEvent,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; created: boolean }> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO contact_events (contact_id, name, occurred_at, data, idempotency_key, source)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id::text`,
      [
        event.contactId,
        event.name,
        event.occurredAt,
        JSON.stringify(event.data ?? {}),
        event.idempotencyKey,
        event.source ?? null,
      ],
    );
    if (inserted.length) return { id: inserted[0].id, created: true };
    const [existing] = await manager.query<Array<{ id: string }>>(
      `SELECT id::text FROM contact_events WHERE idempotency_key = $1`,
      [event.idempotencyKey],
    );
    return { id: existing.id, created: false };
  }

  /** A contact's events, oldest first (the right of access). */
  async forContact(contactId: string): Promise<StoredContactEvent[]> {
    return this.dataSource.query<StoredContactEvent[]>(
      `SELECT name, occurred_at, data, source FROM contact_events WHERE contact_id = $1 ORDER BY occurred_at`,
      [contactId],
    );
  }

  /** Erasure: the facts stay (a name and a date, anonymous once the contact is), their details go. */
  async eraseData(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(`UPDATE contact_events SET data = '{}'::jsonb WHERE contact_id = $1`, [contactId]);
  }
}
