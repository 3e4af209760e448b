import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { PrivacyService } from './privacy.service';

export function registerPrivacyCommands(program: Command, withApp: WithApp): void {
  const contact =
    program.commands.find((command) => command.name() === 'contact') ??
    program.command('contact').description('one contact');
  contact
    .command('export <external_id>')
    .description('everything stored about a person, as JSON (GDPR right of access)')
    .option('--json', 'JSON output (the default for this command)')
    .action(async (externalId: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        io.result(await app.get(PrivacyService).export(externalId), (document) => JSON.stringify(document, null, 2));
      });
    });
  contact
    .command('erase <external_id>')
    .description('erase a person (GDPR): personal data removed, addresses kept on the suppression list as keyed hashes')
    .option('--json', 'print {"erased":true}')
    .action(async (externalId: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        io.result(
          await app.get(PrivacyService).erase(externalId),
          () => `erased ${externalId}: personal data removed, addresses suppressed`,
        );
      });
    });
  program
    .command('retention')
    .description('flag prospects with no contact from them for RELANCE_RETENTION_YEARS (3) years; --purge erases them')
    .option('--purge', 'erase the flagged prospects (default: RELANCE_RETENTION_PURGE)')
    .option('--json', 'JSON output')
    .action(async (options: { purge?: boolean; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const report = await app.get(PrivacyService).retention(new Date(), options.purge);
        io.result(
          report,
          () =>
            `${String(report.flagged)} prospects without contact since ${report.cutoff.slice(0, 10)} flagged, ${String(report.purged)} purged`,
        );
      });
    });
}
