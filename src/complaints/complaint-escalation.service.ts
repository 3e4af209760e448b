import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Transports } from '../channels/transports';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { modifyReturning, queryRows } from '../core/database/query-rows';
import { localDate } from '../contacts/normalisation/calendar';
import type { PreparedTemplate } from '../templates/prepared-template';
import { TemplateRenderService } from '../templates/template-render.service';
import { TemplatesService } from '../templates/templates.service';
import { complaintsConfig, type ComplaintsConfigType } from './complaints.config';

export const ESCALATION_TEMPLATE = 'templates/email/complaint-escalation.mjml';
const MAX_ATTEMPTS = 5;

export interface EscalationReport {
  breached: number;
  escalated: Array<{ reference: string; owner: string | null; notified: string[] }>;
  notified: number;
  failed: number;
}

/**
 * Complaints whose due date has passed without an answer are flagged (breached, escalated), a
 * warning is logged, and their owner and RELANCE_COMPLAINTS_ESCALATION_EMAIL are told by e-mail.
 * The alert goes to staff, not to a client, so it is sent straight through the e-mail transport
 * (no contact, no delivery row); its outcome is kept on the complaint and a failed alert is
 * tried again on the next run (five times at most). Complaints answered late are flagged breached.
 */
/** An escalated complaint whose alert has not gone out yet, with the client's name for the alert. */
interface PendingEscalation {
  id: string;
  reference: string;
  subject: string;
  received_at: Date;
  due_at: Date;
  owner: string | null;
  owner_email: string | null;
  escalation_attempts: number;
  client_name: string | null;
  company_name: string | null;
  external_id: string;
}

@Injectable()
export class ComplaintEscalationService {
  private readonly logger = new Logger('Complaints');

  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly transports: Transports,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    @Inject(complaintsConfig.KEY) private readonly settings: ComplaintsConfigType,
  ) {}

  async run(now: Date = new Date()): Promise<EscalationReport> {
    await this.dataSource.query(
      `UPDATE complaints SET breached_at = answered_at, updated_at = now() WHERE breached_at IS NULL AND answered_at IS NOT NULL AND answered_at > due_at`,
    );
    const overdue = await modifyReturning<{ reference: string; owner: string | null }>(
      this.dataSource.manager,
      `UPDATE complaints SET breached_at = coalesce(breached_at, $1), escalated_at = $1, updated_at = now()
       WHERE status NOT IN ('answered', 'closed') AND due_at < $1 AND escalated_at IS NULL
       RETURNING reference, owner`,
      [now],
    );
    for (const complaint of overdue)
      this.logger.warn(
        `complaint ${complaint.reference} is past its due date: escalated${complaint.owner ? ` (owner ${complaint.owner})` : ''}`,
      );
    const report: EscalationReport = { breached: overdue.length, escalated: [], notified: 0, failed: 0 };
    const pending = await queryRows<PendingEscalation>(
      this.dataSource,
      `SELECT c.id::text, c.reference, c.subject, c.received_at, c.due_at, c.owner, c.owner_email, c.escalation_attempts,
              nullif(concat_ws(' ', k.first_name, k.last_name), '') AS client_name, k.company_name, k.external_id
       FROM complaints c JOIN contacts k ON k.id = c.contact_id
       WHERE c.escalated_at IS NOT NULL AND c.escalation_notified_at IS NULL AND c.escalation_attempts < $1 AND c.status NOT IN ('answered', 'closed')
         AND (c.owner_email IS NOT NULL OR $2::text IS NOT NULL)
       ORDER BY c.due_at`,
      [MAX_ATTEMPTS, this.settings.escalationEmail ?? null],
    );
    // Complaints with no one to alert are left out above (they would come back every run); escalated all the same.
    for (const complaint of overdue) {
      if (!pending.some((p) => p.reference === complaint.reference))
        report.escalated.push({ reference: complaint.reference, owner: complaint.owner, notified: [] });
    }
    let prepared: Promise<PreparedTemplate> | undefined;
    for (const complaint of pending) {
      const recipients = [
        ...new Set(
          [complaint.owner_email, this.settings.escalationEmail].filter((address): address is string =>
            Boolean(address),
          ),
        ),
      ];
      report.escalated.push({ reference: complaint.reference, owner: complaint.owner, notified: recipients });
      prepared ??= this.templates.resolve(ESCALATION_TEMPLATE).then((template) => this.renderer.prepare(template));
      const outcome = await prepared
        .then((template) => this.notify(template, complaint, recipients))
        .catch((error: Error) => error.message);
      if (outcome === undefined) report.notified++;
      else report.failed++;
      await this.dataSource.query(
        `UPDATE complaints SET escalation_attempts = escalation_attempts + 1, escalation_notified_at = CASE WHEN $2::text IS NULL THEN now() END, escalation_error = $2 WHERE id = $1`,
        [complaint.id, outcome ?? null],
      );
    }
    return report;
  }

  /** Sends the alert to each recipient; undefined when all went out, else the reason. */
  private async notify(
    prepared: PreparedTemplate,
    complaint: PendingEscalation,
    recipients: string[],
  ): Promise<string | undefined> {
    const sender = this.config.serviceSender;
    const zone = this.config.defaultTimezone;
    const transport = this.transports.email();
    for (const [index, to] of recipients.entries()) {
      const data = this.renderer.recipientData(
        { external_id: 'staff', type: 'person', email: to },
        {
          sender,
          // The complaint is the client's words: request data, never campaign data (printed escaped).
          request: {
            complaint_reference: complaint.reference,
            complaint_subject: complaint.subject,
            complaint_received_on: localDate(new Date(complaint.received_at), zone),
            due_on: localDate(new Date(complaint.due_at), zone),
            owner_name: complaint.owner ?? '(personne)',
            client_name: complaint.client_name ?? complaint.company_name ?? complaint.external_id,
          },
        },
      );
      const messageId = `<escalation.${complaint.id}.${complaint.escalation_attempts}.${index}@${sender.email?.split('@')[1] ?? 'relance.invalid'}>`;
      const raw = this.renderer.renderEmailMessage(prepared, data, {
        from: { name: sender.name, address: sender.email ?? 'relance@relance.invalid' },
        to,
        messageId,
      });
      const outcome = await transport.send({
        deliveryId: `escalation-${complaint.id}`,
        messageId,
        from: sender.email ?? 'relance@relance.invalid',
        to,
        raw,
      });
      if (outcome.status !== 'sent')
        return `${to}: ${outcome.status}${'error' in outcome ? ` (${outcome.error})` : ''}`;
    }
    return undefined;
  }
}
