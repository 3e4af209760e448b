import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { RESPONSE_KINDS, ResponsesService, type ResponseKind } from './responses.service';

export function registerResponseCommands(program: Command, withApp: WithApp): void {
  const responses = program.command('responses').description('responses to messages');
  responses
    .command('record')
    .description('record a response by its code (a returned coupon, a reply, a call, a survey answer)')
    .requiredOption('--code <code>', 'the response code printed on the coupon or carried by the message')
    .option('--kind <kind>', `one of ${RESPONSE_KINDS.join(', ')}`, 'coupon')
    .option('--value <text>', 'the answer (ticked offer, call outcome, score…)')
    .option('--json', 'print {"delivery_id","campaign_id"}')
    .action(async (options: { code: string; kind: string; value?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        if (!(RESPONSE_KINDS as readonly string[]).includes(options.kind)) {
          throw new (await import('../core/errors/domain-error')).DomainError(
            'responses.bad_kind',
            'invalid',
            `--kind must be one of ${RESPONSE_KINDS.join(', ')}`,
          );
        }
        const recorded = await app
          .get(ResponsesService)
          .record({ kind: options.kind as ResponseKind, code: options.code, value: options.value, source: 'cli' });
        io.result(
          { delivery_id: recorded.delivery_id, campaign_id: recorded.campaign_id, duplicate: recorded.duplicate },
          (r: Pick<typeof recorded, 'delivery_id' | 'campaign_id' | 'duplicate'>) =>
            `${r.duplicate ? 'already recorded' : 'recorded'}: delivery ${r.delivery_id} of campaign ${r.campaign_id}`,
        );
      });
    });
}
