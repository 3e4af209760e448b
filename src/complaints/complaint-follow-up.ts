import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { ServiceMessagesService } from '../campaigns/service-messages.service';
import { ContactEvents } from '../contacts/contact-events';
import { complaintsConfig, type ComplaintsConfigType } from './complaints.config';
import { addCalendarDays } from './working-calendar';
import type { ComplaintRow } from './complaint-ledger';

export const FOLLOW_UP_CALL_TEMPLATE = 'templates/phone/complaint-follow-up.hbs';

/**
 * After closure (phase 5): the `complaint_closed` contact event, from which the automations
 * schedule the re-satisfaction survey (once: the event is keyed by the reference); and for a
 * serious case — urgent and important, or compensated above RELANCE_COMPLAINTS_CALL_THRESHOLD —
 * a call on the phone list, due RELANCE_COMPLAINTS_CALL_AFTER_DAYS after closure.
 */
@Injectable()
export class ComplaintFollowUp {
  constructor(
    private readonly events: ContactEvents,
    private readonly messages: ServiceMessagesService,
    @Inject(complaintsConfig.KEY) private readonly settings: ComplaintsConfigType,
  ) {}

  /** Call outside the closing transaction. */
  prepare(): Promise<void> {
    return this.messages.prepare(FOLLOW_UP_CALL_TEMPLATE);
  }

  isSerious(complaint: Pick<ComplaintRow, 'urgent' | 'important'>, compensationTotal: number): boolean {
    return (complaint.urgent && complaint.important) || compensationTotal > this.settings.callThreshold;
  }

  async afterClosing(
    manager: EntityManager,
    complaint: ComplaintRow,
    closedAt: Date,
    condition: string,
    compensationTotal: number,
  ): Promise<{ eventId: string; callDeliveryId: string | null; callSkipped?: string }> {
    const event = await this.events.record(
      {
        contactId: complaint.contact_id,
        name: 'complaint_closed',
        occurredAt: closedAt,
        idempotencyKey: `complaint_closed:${complaint.reference}`,
        source: 'complaints',
        data: {
          reference: complaint.reference,
          condition,
          cause: complaint.cause ?? null,
          urgent: complaint.urgent,
          important: complaint.important,
          compensation_total: compensationTotal,
        },
      },
      manager,
    );
    if (!this.isSerious(complaint, compensationTotal)) return { eventId: event.id, callDeliveryId: null };
    const [contact] = await queryRows<{ phone: string | null; zone: string } | undefined>(
      manager,
      `SELECT phone, coalesce(timezone, 'UTC') AS zone FROM contacts WHERE id = $1`,
      [complaint.contact_id],
    );
    if (!contact?.phone) return { eventId: event.id, callDeliveryId: null, callSkipped: 'no phone number' };
    const call = await this.messages.send(
      {
        contactId: complaint.contact_id,
        channel: 'phone',
        template: FOLLOW_UP_CALL_TEMPLATE,
        idempotencyKey: `complaint-call:${complaint.reference}`,
        notBefore: addCalendarDays(closedAt, this.settings.callAfterDays, contact.zone),
        request: { complaint_reference: complaint.reference, complaint_summary: complaint.subject },
      },
      manager,
    );
    await manager.query(`UPDATE complaints SET follow_up_delivery_id = $2 WHERE id = $1`, [
      complaint.id,
      call.deliveryId,
    ]);
    return { eventId: event.id, callDeliveryId: call.deliveryId };
  }
}
