import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { ConsentApiService } from './consent-api.service';
import { ConsentService } from './consent.service';

export function registerConsentCommands(program: Command, withApp: WithApp): void {
  const consent = program.command('consent').description('consent ledger, policy and suppression list');
  consent
    .command('show <external_id>')
    .description('the ledger of a contact, its state per channel and what the policy allows now')
    .option('--professional', 'the message relates to the recipient’s profession (B2B e-mail exception)')
    .option('--soft-opt-in', 'analogous products to a customer (soft opt-in)')
    .option('--json', 'JSON output')
    .action(async (externalId: string, options: { professional?: boolean; softOptIn?: boolean; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const shown = await app
          .get(ConsentApiService)
          .show(externalId, 'marketing', { professional: options.professional, softOptIn: options.softOptIn });
        io.result(shown, (s: typeof shown) =>
          [
            `${externalId} under ${s.policy}:`,
            ...Object.entries(s.decisions).map(
              ([channel, d]) =>
                `  ${channel.padEnd(7)} ${d?.allowed ? `allowed (${d.basis})` : `refused: ${d?.reason}`}`,
            ),
          ].join('\n'),
        );
      });
    });
  consent
    .command('policy')
    .description('the active consent policy')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, (app, io) => {
        const policy = app.get(ConsentService).policy;
        io.result(policy, () => `${policy.name}: ${policy.description}`);
        return Promise.resolve();
      });
    });
}
