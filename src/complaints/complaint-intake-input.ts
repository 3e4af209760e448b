import type { ComplaintIntake } from './complaint-intake.service';
import type { ComplaintChannel } from './complaint-workflow';
import type { CreateComplaintDto } from './complaint.dto';

/** A validated complaint as the API and the CLI receive it (`POST /complaints`, `complaint create`), for the intake. */
export function complaintIntakeOf(body: CreateComplaintDto, actor: string): ComplaintIntake {
  return {
    contact: {
      external_id: body.external_id,
      email: body.email,
      phone: body.phone,
      first_name: body.first_name,
      last_name: body.last_name,
    },
    channel: body.channel as ComplaintChannel,
    receivedAt: body.received_at ? new Date(body.received_at) : undefined,
    subject: body.subject,
    description: body.description,
    urgent: body.urgent,
    important: body.important,
    requestedDelayDays: body.requested_delay_days,
    idempotencyKey: body.idempotency_key,
    attachments: body.attachments,
    registeredLetter: body.registered_letter,
    actor,
  };
}
