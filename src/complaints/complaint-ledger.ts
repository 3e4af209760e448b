import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import type { ComplaintChannel, ComplaintStatus, CompensationKind } from './complaint-workflow';

/** A complaint row as the services read it (snake_case, ids as text). */
export interface ComplaintRow {
  id: string;
  reference: string;
  contact_id: string;
  channel: ComplaintChannel;
  received_at: Date;
  subject: string;
  description: string;
  urgent: boolean;
  important: boolean;
  requested_delay_days: number | null;
  due_at: Date;
  due_rule: string;
  calendar_country: string;
  status: ComplaintStatus;
  owner: string | null;
  owner_email: string | null;
  acknowledgement_delivery_id: string | null;
  answer_delivery_id: string | null;
  closing_condition: string | null;
  [column: string]: unknown;
}

export interface Attachment {
  name: string;
  url?: string;
  content_type?: string;
  size?: number;
}

export interface ThreadMessage {
  direction: 'inbound' | 'outbound' | 'note';
  channel?: string | null;
  author?: string | null;
  body: string;
  attachments?: Attachment[];
  deliveryId?: string | null;
  messageId?: string | null;
  at?: Date;
}

export const COMPLAINT_COLUMNS = `id::text, reference, contact_id::text, channel, received_at, subject, description, urgent, important, requested_delay_days,
  due_at, due_rule, calendar_country, status, cause, category, product, origin, sector, region, type, owner, owner_email, forwarded_to, copy_to,
  closing_condition, closing_explanation, registered_letter, acknowledgement_delivery_id::text, answer_delivery_id::text, follow_up_delivery_id::text,
  acknowledged_at, qualified_at, assigned_at, answered_at, closed_at, breached_at, escalated_at, escalation_notified_at, created_at, updated_at`;

/**
 * The writes every complaint operation shares, always inside the caller's transaction: lock a
 * complaint, log a transition with its author, add to the thread, record a compensation, and
 * keep the contact's open-complaint counter (`contact_feedback.open_complaints`) exact.
 */
@Injectable()
export class ComplaintLedger {
  async lock(manager: EntityManager, reference: string): Promise<ComplaintRow> {
    const [row] = await queryRows<ComplaintRow | undefined>(
      manager,
      `SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE reference = $1 FOR UPDATE`,
      [reference.trim().toUpperCase()],
    );
    if (!row) throw DomainError.notFound('complaints.not_found', `no complaint with reference "${reference}"`);
    return row;
  }

  async logTransition(
    manager: EntityManager,
    complaintId: string,
    from: ComplaintStatus | null,
    to: ComplaintStatus,
    actor: string,
    details: Record<string, unknown> = {},
    at?: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO complaint_transitions (complaint_id, from_status, to_status, at, actor, details) VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5, $6)`,
      [complaintId, from, to, at ?? null, actor, JSON.stringify(details)],
    );
  }

  /** Adds a message to the thread; a message already recorded (same Message-ID) is not added twice. */
  async addMessage(manager: EntityManager, complaintId: string, message: ThreadMessage): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO complaint_messages (complaint_id, at, direction, channel, author, body, attachments, delivery_id, message_id)
       VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (complaint_id, message_id) DO NOTHING RETURNING id`,
      [
        complaintId,
        message.at ?? null,
        message.direction,
        message.channel ?? null,
        message.author ?? null,
        message.body,
        JSON.stringify(message.attachments ?? []),
        message.deliveryId ?? null,
        message.messageId ?? null,
      ],
    );
    return rows.length > 0;
  }

  async addCompensation(
    manager: EntityManager,
    complaintId: string,
    grantedOn: 'answer' | 'close',
    compensation: { kind: CompensationKind; amount: number; currency: string; note?: string },
    actor: string,
    at?: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO complaint_compensations (complaint_id, kind, amount, currency, note, recorded_at, recorded_by, granted_on)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8)`,
      [
        complaintId,
        compensation.kind,
        compensation.amount,
        compensation.currency,
        compensation.note ?? null,
        at ?? null,
        actor,
        grantedOn,
      ],
    );
  }

  /** Open = not closed; recomputed from the rows, never incremented blindly. */
  async refreshOpenCount(manager: EntityManager, contactId: string): Promise<void> {
    await manager.query(
      `INSERT INTO contact_feedback (contact_id, open_complaints, updated_at)
       VALUES ($1, (SELECT count(*) FROM complaints WHERE contact_id = $1 AND status <> 'closed'), now())
       ON CONFLICT (contact_id) DO UPDATE SET open_complaints = EXCLUDED.open_complaints, updated_at = now()`,
      [contactId],
    );
  }
}
