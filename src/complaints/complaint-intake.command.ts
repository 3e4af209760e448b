import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { readJsonFile } from '../core/cli/json-file';
import { validateInput } from '../core/http/validation';
import { ACTOR, type Options } from './complaint-command-options';
import { ComplaintIntakeService } from './complaint-intake.service';
import { ComplaintSourcesService } from './complaint-sources.service';
import { CreateComplaintDto } from './complaint.dto';
import { complaintIntakeOf } from './complaint-intake-input';

export function addCreateCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('create <complaint.json>')
    .description('record a complaint (same JSON as POST /api/v1/complaints); acknowledged at once')
    .option('--json', 'print {"reference","status","due_at","acknowledgement_delivery_id"}')
    .action(async (file: string, options: Options) => {
      await withApp(options, async (app, io) => {
        const body = validateInput(CreateComplaintDto, readJsonFile(file, 'complaints'), 'complaints.invalid');
        const { created: _created, ...receipt } = await app
          .get(ComplaintIntakeService)
          .receive(complaintIntakeOf(body, ACTOR));
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
