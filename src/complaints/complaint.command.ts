import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { commandInput, numberOption } from '../core/cli/command-input';
import type { WithApp } from '../core/cli/command-runner';
import { readJsonFile } from '../core/cli/json-file';
import { toCsv } from '../core/csv/csv-writer';
import { DomainError } from '../core/errors/domain-error';
import { validateInput } from '../core/http/validation';
import {
  COMPLAINT_DASHBOARD,
  DASHBOARD_CSV_COLUMNS,
  dashboardRows,
  type ComplaintDashboardSource,
} from './complaint-dashboard';
import { ComplaintEscalationService } from './complaint-escalation.service';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintQueriesService } from './complaint-queries.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import type { Answer, Closing, Qualification } from './complaint-workflow-inputs';
import {
  CLOSING_CONDITIONS,
  COMPENSATION_KINDS,
  COMPLAINT_STATUSES,
  COMPLAINT_TYPES,
  type ComplaintChannel,
} from './complaint-workflow';
import type { ComplaintRow } from './complaint-ledger';
import {
  AddMessageDto,
  AnswerComplaintDto,
  AssignComplaintDto,
  CloseComplaintDto,
  COMPLAINT_PAGE,
  CreateComplaintDto,
  ListComplaintsQuery,
  QualifyComplaintDto,
} from './complaint.dto';
import { humanComplaint, humanDashboard } from './complaint-cli-output';

const ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

/** `--compensation voucher:500[:MAD]`: the pieces, checked with the rest of the command by its DTO. */
function compensation(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const [kind, amount, currency, ...rest] = value.split(':');
  if (amount === undefined || rest.length) {
    throw DomainError.invalid(
      'complaints.invalid',
      `--compensation: expected kind:amount[:currency] with kind one of ${COMPENSATION_KINDS.join(', ')} (got "${value}")`,
      {
        fields: [{ field: '--compensation', reason: 'expected kind:amount[:currency]' }],
      },
    );
  }
  return { kind, amount: numberOption(amount), currency };
}

const at = (value?: string) => (value ? new Date(value) : undefined);
const state = (row: ComplaintRow) => ({
  reference: row.reference,
  status: row.status,
  due_at: row.due_at,
  acknowledgement_delivery_id: row.acknowledgement_delivery_id,
});
const stateLine = (r: ReturnType<typeof state>) =>
  `${r.reference}: ${r.status}, answer due ${new Date(r.due_at).toISOString()}`;

type Options = Record<string, string | boolean | undefined> & { json?: boolean };

function transition(
  name: string,
  description: string,
  configure: (command: Command) => Command,
  run: (app: INestApplicationContext, reference: string, options: Options) => Promise<ComplaintRow>,
  withApp: WithApp,
) {
  return (complaint: Command) =>
    configure(
      complaint
        .command(`${name} <reference>`)
        .description(description)
        .option('--at <iso>', 'when it happened, if not now')
        .option('--json', 'print the complaint state'),
    ).action(async (reference: string, options: Options) => {
      await withApp(options, async (app, io) => io.result(state(await run(app, reference, options)), stateLine));
    });
}

export function registerComplaintCommands(program: Command, withApp: WithApp): void {
  const complaint = program
    .command('complaint')
    .description('complaints (réclamations): record, qualify, assign, answer, close, follow up');
  addCreateCommand(complaint, withApp);
  addFromSurveyCommand(complaint, withApp);
  addQualifyCommand(complaint, withApp);
  addAssignCommand(complaint, withApp);
  addAnswerCommand(complaint, withApp);
  addCloseCommand(complaint, withApp);
  addNoteCommand(complaint, withApp);
  addShowCommand(complaint, withApp);
  addListCommand(complaint, withApp);
  addDashboardCommand(complaint, withApp);
  addEscalateCommand(complaint, withApp);
}

function addCreateCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('create <complaint.json>')
    .description('record a complaint (same JSON as POST /api/v1/complaints); acknowledged at once')
    .option('--json', 'print {"reference","status","due_at","acknowledgement_delivery_id"}')
    .action(async (file: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const body = validateInput(CreateComplaintDto, readJsonFile(file, 'complaints'), 'complaints.invalid');
        const { created: _created, ...receipt } = await app.get(ComplaintIntakeService).receive({
          contact: {
            external_id: body.external_id,
            email: body.email,
            phone: body.phone,
            first_name: body.first_name,
            last_name: body.last_name,
          },
          channel: body.channel as ComplaintChannel,
          receivedAt: at(body.received_at),
          subject: body.subject,
          description: body.description,
          urgent: body.urgent,
          important: body.important,
          requestedDelayDays: body.requested_delay_days,
          idempotencyKey: body.idempotency_key,
          attachments: body.attachments,
          registeredLetter: body.registered_letter,
          actor: ACTOR,
        });
        io.result(receipt, (r) => `${r.reference}: ${r.status}, answer due ${new Date(r.due_at).toISOString()}`);
      });
    });
}

function addFromSurveyCommand(complaint: Command, withApp: WithApp): void {
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
}

function addQualifyCommand(complaint: Command, withApp: WithApp): void {
  transition(
    'qualify',
    'code the complaint (cause, category, type…) and set urgency and importance: the due date follows',
    (c) =>
      c
        .option('--cause <cause>')
        .option('--category <category>')
        .option('--product <product>')
        .option('--origin <origin>')
        .option('--sector <sector>')
        .option('--region <region>')
        .option('--type <type>', COMPLAINT_TYPES.join(', '))
        .option('--urgent')
        .option('--important')
        .option('--delay <days>', 'the delay the client asked for')
        .option('--registered-letter'),
    (app, reference, o) => {
      const { at: when, ...qualification } = commandInput(
        QualifyComplaintDto,
        {
          cause: o.cause,
          category: o.category,
          product: o.product,
          origin: o.origin,
          sector: o.sector,
          region: o.region,
          type: o.type,
          urgent: o.urgent ? true : undefined,
          important: o.important ? true : undefined,
          requested_delay_days: numberOption(o.delay as string | undefined),
          registered_letter: o.registeredLetter ? true : undefined,
          at: o.at,
        },
        'complaints.invalid',
        { requested_delay_days: '--delay', registered_letter: '--registered-letter', type: '--type', at: '--at' },
      );
      return app.get(ComplaintWorkflowService).qualify(reference, qualification as Qualification, ACTOR, at(when));
    },
    withApp,
  )(complaint);
}

function addAssignCommand(complaint: Command, withApp: WithApp): void {
  transition(
    'assign',
    'hand the complaint to a person, or forward it to an entity with a copy',
    (c) =>
      c
        .requiredOption('--owner <name>')
        .option('--owner-email <address>')
        .option('--forward-to <entity>')
        .option('--copy-to <who>'),
    (app, reference, o) => {
      const { at: when, ...assignment } = commandInput(
        AssignComplaintDto,
        {
          owner: o.owner,
          owner_email: o.ownerEmail,
          forwarded_to: o.forwardTo,
          copy_to: o.copyTo,
          at: o.at,
        },
        'complaints.invalid',
        {
          owner: '--owner',
          owner_email: '--owner-email',
          forwarded_to: '--forward-to',
          copy_to: '--copy-to',
          at: '--at',
        },
      );
      return app.get(ComplaintWorkflowService).assign(reference, assignment, ACTOR, at(when));
    },
    withApp,
  )(complaint);
}

function addAnswerCommand(complaint: Command, withApp: WithApp): void {
  transition(
    'answer',
    'send the written answer (apology, measures, gesture) and record a compensation',
    (c) =>
      c
        .requiredOption('--summary <text>', 'what the client complained about')
        .requiredOption('--measures <text>', 'what was done about it')
        .option('--gesture <text>', 'the commercial gesture as the letter states it')
        .option('--channel <channel>', 'email or letter')
        .option('--compensation <kind:amount[:currency]>', `kind one of ${COMPENSATION_KINDS.join(', ')}`),
    (app, reference, o) => {
      const { at: when, ...answer } = commandInput(
        AnswerComplaintDto,
        {
          summary: o.summary,
          corrective_measures: o.measures,
          commercial_gesture: o.gesture,
          channel: o.channel,
          compensation: compensation(o.compensation as string | undefined),
          at: o.at,
        },
        'complaints.invalid',
        {
          summary: '--summary',
          corrective_measures: '--measures',
          commercial_gesture: '--gesture',
          channel: '--channel',
          compensation: '--compensation',
          at: '--at',
        },
      );
      return app.get(ComplaintWorkflowService).answer(reference, answer as Answer, ACTOR, at(when));
    },
    withApp,
  )(complaint);
}

function addCloseCommand(complaint: Command, withApp: WithApp): void {
  transition(
    'close',
    `close with its condition (${CLOSING_CONDITIONS.join(', ')})`,
    (c) =>
      c
        .requiredOption('--condition <condition>')
        .option('--explanation <text>')
        .option('--compensation <kind:amount[:currency]>', `kind one of ${COMPENSATION_KINDS.join(', ')}`),
    (app, reference, o) => {
      const { at: when, ...closing } = commandInput(
        CloseComplaintDto,
        {
          condition: o.condition,
          explanation: o.explanation,
          compensation: compensation(o.compensation as string | undefined),
          at: o.at,
        },
        'complaints.invalid',
        { condition: '--condition', explanation: '--explanation', compensation: '--compensation', at: '--at' },
      );
      return app.get(ComplaintWorkflowService).close(reference, closing as Closing, ACTOR, at(when));
    },
    withApp,
  )(complaint);
}

function addNoteCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('note <reference> <text>')
    .description("add to the thread: an internal note, or with --inbound what the client said (a call's notes)")
    .option('--inbound')
    .option('--json')
    .action(async (reference: string, text: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const message = commandInput(
          AddMessageDto,
          {
            direction: options.inbound ? 'inbound' : 'note',
            channel: options.inbound ? 'phone' : undefined,
            body: text,
          },
          'complaints.invalid',
          { body: '<text>' },
        );
        const added = await app
          .get(ComplaintWorkflowService)
          .addMessage(
            reference,
            {
              direction: message.direction as 'inbound' | 'note',
              channel: message.channel ?? null,
              body: message.body,
            },
            ACTOR,
          );
        io.result(added, (r) => `${r.reference}: added to the thread`);
      });
    });
}

function addShowCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('show <reference>')
    .description('the complaint, its thread, transitions, compensations and the client history')
    .option('--json')
    .action(async (reference: string, options: Options) => {
      await withApp(options, async (app, io) =>
        io.result(await app.get(ComplaintQueriesService).get(reference), humanComplaint),
      );
    });
}

function addListCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('list')
    .description('complaints by due date')
    .option('--status <status>', COMPLAINT_STATUSES.join(', '))
    .option('--overdue', 'only those past their due date')
    .option('--owner <name>')
    .option('--contact <external_id>')
    .option(
      '--limit <n>',
      `at most n complaints, 1 to ${COMPLAINT_PAGE.maxLimit} (default ${COMPLAINT_PAGE.defaultLimit})`,
    )
    .option('--offset <n>', 'skip the first n')
    .option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const query = commandInput(
          ListComplaintsQuery,
          {
            status: options.status,
            overdue: options.overdue ? 'true' : undefined,
            owner: options.owner,
            external_id: options.contact,
            limit: numberOption(options.limit as string | undefined),
            offset: numberOption(options.offset as string | undefined),
          },
          'complaints.invalid',
          { status: '--status', owner: '--owner', external_id: '--contact', limit: '--limit', offset: '--offset' },
        );
        const rows = await app.get(ComplaintQueriesService).list({ ...query, overdue: query.overdue === 'true' });
        io.result(
          rows,
          (r: typeof rows) =>
            r
              .map(
                (c) =>
                  `${String(c.reference)}  ${String(c.status).padEnd(13)} due ${new Date(c.due_at as string).toISOString().slice(0, 16)}${c.overdue ? ' OVERDUE' : ''}  ${String(c.subject)}`,
              )
              .join('\n') || 'no complaints',
        );
      });
    });
}

function addDashboardCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('dashboard')
    .description(
      'per month and cumulated by origin, cause, sector; delays; SLA; compensations; rates; top causes; unhappy clients',
    )
    .option('--from <date>')
    .option('--to <date>')
    .option('--csv', 'long-format CSV on stdout')
    .option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const dashboard = await app
          .get<ComplaintDashboardSource>(COMPLAINT_DASHBOARD)
          .dashboard({ from: options.from as string, to: options.to as string });
        if (options.csv) process.stdout.write(toCsv(dashboardRows(dashboard), DASHBOARD_CSV_COLUMNS));
        else io.result(dashboard, humanDashboard);
      });
    });
}

function addEscalateCommand(complaint: Command, withApp: WithApp): void {
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
