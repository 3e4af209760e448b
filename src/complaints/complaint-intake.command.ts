import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { readJsonFile } from '../core/cli/json-file';
import { validateInput } from '../core/http/validation';
import { ACTOR, at, type Options } from './complaint-command-options';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import type { ComplaintChannel } from './complaint-workflow';
import { CreateComplaintDto } from './complaint.dto';

export function addCreateCommand(complaint: Command, withApp: WithApp): void {
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

export function addFromSurveyCommand(complaint: Command, withApp: WithApp): void {
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
