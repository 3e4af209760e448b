import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { commandInput, numberOption } from '../core/cli/command-input';
import type { WithApp } from '../core/cli/command-runner';
import { DomainError } from '../core/errors/domain-error';
import { ACTOR, at, type Options } from './complaint-command-options';
import { ComplaintEscalationService } from './complaint-escalation.service';
import type { ComplaintRow } from './complaint-ledger';
import { CLOSING_CONDITIONS, COMPENSATION_KINDS, COMPLAINT_TYPES } from './complaint-workflow';
import type { Answer, Closing, Qualification } from './complaint-workflow-inputs';
import { ComplaintWorkflowService } from './complaint-workflow.service';
import {
  AddMessageDto,
  AnswerComplaintDto,
  AssignComplaintDto,
  CloseComplaintDto,
  QualifyComplaintDto,
} from './complaint.dto';

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

const state = (row: ComplaintRow) => ({
  reference: row.reference,
  status: row.status,
  due_at: row.due_at,
  acknowledgement_delivery_id: row.acknowledgement_delivery_id,
});
const stateLine = (r: ReturnType<typeof state>) =>
  `${r.reference}: ${r.status}, answer due ${new Date(r.due_at).toISOString()}`;

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

export function addQualifyCommand(complaint: Command, withApp: WithApp): void {
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

export function addAssignCommand(complaint: Command, withApp: WithApp): void {
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

export function addAnswerCommand(complaint: Command, withApp: WithApp): void {
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

export function addCloseCommand(complaint: Command, withApp: WithApp): void {
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

export function addNoteCommand(complaint: Command, withApp: WithApp): void {
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
        const added = await app.get(ComplaintWorkflowService).addMessage(
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

export function addEscalateCommand(complaint: Command, withApp: WithApp): void {
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
