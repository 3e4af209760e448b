import type { Command } from 'commander';
import { withApp } from '../cli/command-runner';
import { ContactsService } from './contacts.service';

export function registerContactCommands(program: Command): void {
  const contact = program.command('contact').description('one contact: show, export (GDPR access)');
  contact
    .command('export <external_id>')
    .description('everything stored about a person, as JSON (GDPR right of access)')
    .option('--json', 'JSON output (the default for this command)')
    .action(async (externalId: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        io.result(await app.get(ContactsService).export(externalId), (document) => JSON.stringify(document, null, 2));
      });
    });
}
