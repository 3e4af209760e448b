import { Option, type Command } from 'commander';
import type { WithApp } from '../cli/command-runner';
import { ROLES } from './api-key.entity';
import { ApiKeyService } from './api-key.service';

export function registerApiKeyCommands(program: Command, withApp: WithApp): void {
  const apikey = program.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create an API key (shown once)')
    .addOption(new Option('--role <role>', 'what the key may do').choices([...ROLES]).makeOptionMandatory())
    .option('--label <text>', 'who or what uses the key')
    .option('--json', 'print {"key","role"} on stdout')
    .action(async (options: { role: string; label?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const { key, role, id } = await app.get(ApiKeyService).create(options.role, options.label);
        io.result({ key, role, id }, (r) => `${r.key}\n(role ${r.role}; keep it now, it is not shown again)`);
      });
    });
  apikey
    .command('list')
    .description('list API keys (never their secrets)')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const keys = await app.get(ApiKeyService).list();
        const rows = keys.map((k) => ({
          id: k.id,
          role: k.role,
          label: k.label,
          created_at: k.createdAt,
          last_used_at: k.lastUsedAt,
          revoked_at: k.revokedAt,
        }));
        io.result(
          rows,
          (r: typeof rows) =>
            r
              .map((k) => `${k.id}  ${k.role.padEnd(8)}  ${k.revoked_at ? 'revoked' : 'active '}  ${k.label ?? ''}`)
              .join('\n') || 'no API keys',
        );
      });
    });
  apikey
    .command('revoke <id>')
    .description('revoke an API key')
    .option('--json', 'JSON output')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        await app.get(ApiKeyService).revoke(id);
        io.result({ id, revoked: true }, () => `revoked ${id}`);
      });
    });
}
