import type { Command } from 'commander';
import type { WithApp } from '../cli/command-runner';
import { DatabaseConnection } from './database-connection';

export function registerMigrateCommand(program: Command, withApp: WithApp): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'print {"applied":[names]} on stdout')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        options,
        async (app, io) => {
          const applied = await app.get(DatabaseConnection).migrate();
          io.result({ applied }, (r) =>
            r.applied.length
              ? `applied ${r.applied.length} migration(s):\n  ${r.applied.join('\n  ')}`
              : 'database is up to date',
          );
        },
        { schema: 'ignore' },
      );
    });
}
