import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { ContactsService, contactToJson } from './contacts.service';

export function registerContactCommands(program: Command, withApp: WithApp): void {
  const contact = program
    .command('contact')
    .description('one contact: show, export (GDPR access), erase (GDPR erasure)');
  contact
    .command('show <external_id>')
    .description('the stored contact')
    .option('--json', 'JSON output')
    .action(async (externalId: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        io.result(contactToJson(await app.get(ContactsService).get(externalId)));
      });
    });
}
