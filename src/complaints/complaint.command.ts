import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { withApp } from '../cli/command-runner';
import { readJsonFile } from '../cli/json-file';
import { toCsv } from '../core/csv/csv-writer';
import { DomainError } from '../core/errors/domain-error';
import { validateInput } from '../core/http/validation';
import { DASHBOARD_CSV_COLUMNS, dashboardRows } from './complaint-dashboard';
import { ComplaintDashboardService } from './complaint-dashboard.service';
import { ComplaintEscalationService } from './complaint-escalation.service';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import { ComplaintWorkflowService, type CompensationInput } from './complaint-workflow.service';
import { COMPENSATION_KINDS, type ComplaintChannel } from './complaint-workflow';
import type { ComplaintRow } from './complaint-ledger';
import { CreateComplaintDto } from './complaint.dto';
import { humanComplaint, humanDashboard } from './complaint-cli-output';

const ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

/** `--compensation voucher:500[:MAD]`. */
function compensation(value: string | undefined): CompensationInput | undefined {
  if (!value) return undefined;
  const [kind, amount, currency] = value.split(':');
  if (!(COMPENSATION_KINDS as readonly string[]).includes(kind) || !/^\d+(\.\d{1,2})?$/.test(amount ?? '')) {
    throw DomainError.invalid('complaints.invalid', `--compensation: expected kind:amount[:currency] with kind one of ${COMPENSATION_KINDS.join(', ')} (got "${value}")`);
  }
  return { kind: kind as CompensationInput['kind'], amount: Number(amount), currency };
}

const at = (value?: string) => (value ? new Date(value) : undefined);
const state = (row: ComplaintRow) => ({ reference: row.reference, status: row.status, due_at: row.due_at, acknowledgement_delivery_id: row.acknowledgement_delivery_id });
const stateLine = (r: ReturnType<typeof state>) => `${r.reference}: ${r.status}, answer due ${new Date(r.due_at).toISOString()}`;

type Options = Record<string, string | boolean | undefined> & { json?: boolean };

function transition(name: string, description: string, configure: (command: Command) => Command, run: (app: INestApplicationContext, reference: string, options: Options) => Promise<ComplaintRow>) {
  return (complaint: Command) =>
    configure(complaint.command(`${name} <reference>`).description(description).option('--at <iso>', 'when it happened, if not now').option('--json', 'print the complaint state'))
      .action(async (reference: string, options: Options) => {
        await withApp(options, async (app, io) => io.result(state(await run(app, reference, options)), stateLine));
      });
}

export function registerComplaintCommands(program: Command): void {
  const complaint = program.command('complaint').description('complaints (réclamations): record, qualify, assign, answer, close, follow up');
  complaint
    .command('create <complaint.json>')
    .description('record a complaint (same JSON as POST /api/v1/complaints); acknowledged at once')
    .option('--json', 'print {"reference","status","due_at","acknowledgement_delivery_id"}')
    .action(async (file: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const body = validateInput(CreateComplaintDto, readJsonFile(file, 'complaints'), 'complaints.invalid');
        const { created: _created, ...receipt } = await app.get(ComplaintIntakeService).receive({
          contact: { external_id: body.external_id, email: body.email, phone: body.phone, first_name: body.first_name, last_name: body.last_name },
          channel: body.channel as ComplaintChannel, receivedAt: at(body.received_at), subject: body.subject, description: body.description, urgent: body.urgent,
          important: body.important, requestedDelayDays: body.requested_delay_days, idempotencyKey: body.idempotency_key, attachments: body.attachments,
          registeredLetter: body.registered_letter, actor: ACTOR,
        });
        io.result(receipt, (r) => `${r.reference}: ${r.status}, answer due ${new Date(r.due_at).toISOString()}`);
      });
    });
  complaint
    .command('from-survey <external_id>')
    .description("open a complaint from a detractor's latest survey answer")
    .option('--json', 'print the complaint state')
    .action(async (externalId: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const { created: _created, ...receipt } = await app.get(ComplaintSourcesService).fromSurvey(externalId, ACTOR);
        io.result(receipt, (r) => `${r.reference}: ${r.status}`);
      });
    });
  transition('qualify', 'code the complaint (cause, category, type…) and set urgency and importance: the due date follows', (c) => c
    .option('--cause <cause>').option('--category <category>').option('--product <product>').option('--origin <origin>').option('--sector <sector>')
    .option('--region <region>').option('--type <type>', 'good_faith, bad_faith or seller_fault').option('--urgent').option('--important')
    .option('--delay <days>', 'the delay the client asked for').option('--registered-letter'),
  (app, reference, o) => app.get(ComplaintWorkflowService).qualify(reference, {
    cause: o.cause as string, category: o.category as string, product: o.product as string, origin: o.origin as string, sector: o.sector as string,
    region: o.region as string, type: o.type as 'good_faith', urgent: o.urgent ? true : undefined, important: o.important ? true : undefined,
    requested_delay_days: o.delay === undefined ? undefined : Number(o.delay), registered_letter: o.registeredLetter ? true : undefined,
  }, ACTOR, at(o.at as string)))(complaint);
  transition('assign', 'hand the complaint to a person, or forward it to an entity with a copy', (c) => c
    .requiredOption('--owner <name>').option('--owner-email <address>').option('--forward-to <entity>').option('--copy-to <who>'),
  (app, reference, o) => app.get(ComplaintWorkflowService).assign(reference, {
    owner: o.owner as string, owner_email: o.ownerEmail as string, forwarded_to: o.forwardTo as string, copy_to: o.copyTo as string,
  }, ACTOR, at(o.at as string)))(complaint);
  transition('answer', 'send the written answer (apology, measures, gesture) and record a compensation', (c) => c
    .requiredOption('--summary <text>', 'what the client complained about').requiredOption('--measures <text>', 'what was done about it')
    .option('--gesture <text>', 'the commercial gesture as the letter states it').option('--channel <channel>', 'email or letter')
    .option('--compensation <kind:amount[:currency]>'),
  (app, reference, o) => app.get(ComplaintWorkflowService).answer(reference, {
    summary: o.summary as string, corrective_measures: o.measures as string, commercial_gesture: o.gesture as string, channel: o.channel as 'email',
    compensation: compensation(o.compensation as string),
  }, ACTOR, at(o.at as string)))(complaint);
  transition('close', 'close with its condition (client_satisfied, gesture_accepted, unfounded)', (c) => c
    .requiredOption('--condition <condition>').option('--explanation <text>').option('--compensation <kind:amount[:currency]>'),
  (app, reference, o) => app.get(ComplaintWorkflowService).close(reference, {
    condition: o.condition as 'client_satisfied', explanation: o.explanation as string, compensation: compensation(o.compensation as string),
  }, ACTOR, at(o.at as string)))(complaint);
  complaint
    .command('note <reference> <text>')
    .description("add to the thread: an internal note, or with --inbound what the client said (a call's notes)")
    .option('--inbound').option('--json')
    .action(async (reference: string, text: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const added = await app.get(ComplaintWorkflowService).addMessage(reference, { direction: options.inbound ? 'inbound' : 'note', channel: options.inbound ? 'phone' : null, body: text }, ACTOR);
        io.result(added, (r) => `${r.reference}: added to the thread`);
      });
    });
  complaint
    .command('show <reference>')
    .description('the complaint, its thread, transitions, compensations and the client history')
    .option('--json')
    .action(async (reference: string, options: Options) => {
      await withApp(options, async (app, io) => io.result(await app.get(ComplaintQueriesService).get(reference), humanComplaint));
    });
  complaint
    .command('list')
    .description('complaints by due date')
    .option('--status <status>').option('--overdue', 'only those past their due date').option('--owner <name>').option('--contact <external_id>').option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const rows = await app.get(ComplaintQueriesService).list({ status: options.status as string, overdue: Boolean(options.overdue), owner: options.owner as string, external_id: options.contact as string });
        io.result(rows, (r: typeof rows) => r.map((c) => `${c.reference}  ${String(c.status).padEnd(13)} due ${new Date(c.due_at as string).toISOString().slice(0, 16)}${c.overdue ? ' OVERDUE' : ''}  ${c.subject}`).join('\n') || 'no complaints');
      });
    });
  complaint
    .command('dashboard')
    .description('per month and cumulated by origin, cause, sector; delays; SLA; compensations; rates; top causes; unhappy clients')
    .option('--from <date>').option('--to <date>').option('--csv', 'long-format CSV on stdout').option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const dashboard = await app.get(ComplaintDashboardService).dashboard({ from: options.from as string, to: options.to as string });
        if (options.csv) process.stdout.write(toCsv(dashboardRows(dashboard), DASHBOARD_CSV_COLUMNS));
        else io.result(dashboard, humanDashboard);
      });
    });
  complaint
    .command('escalate')
    .description('flag and escalate complaints past their due date now (the scheduler does it every five minutes)')
    .option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const report = await app.get(ComplaintEscalationService).run();
        io.result(report, (r) => `${r.breached} newly overdue; ${r.notified} alerts sent, ${r.failed} failed`);
      });
    });
}
