import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import type { CliIo } from '../core/cli/cli-io';
import type { WithApp } from '../core/cli/command-runner';
import { readJsonFile } from '../core/cli/json-file';
import { exitCode } from '../core/cli/exit-code';
import { csvLine } from '../core/csv/csv-writer';
import { CampaignWaiter } from './campaign-waiter';
import { CampaignsService, DELIVERY_LIST_COLUMNS } from './campaigns.service';
import { DELIVERY_LIST_STATES, parseDeliveryFilter, type DeliveryListFilter } from './delivery-list-filter';
import { LaunchCampaign } from './launch-campaign.use-case';

export function registerCampaignCommands(program: Command, withApp: WithApp): void {
  const campaign = program.command('campaign').description('campaigns: create, launch, pause, resume, cancel, follow');
  addCreateCommand(campaign, withApp);
  addLaunchCommand(campaign, withApp);
  addStatusCommands(campaign, withApp);
  addShowCommand(campaign, withApp);
  addListCommand(campaign, withApp);
  addDeliveriesCommand(campaign, withApp);
}

function addCreateCommand(campaign: Command, withApp: WithApp): void {
  campaign
    .command('create <campaign.json>')
    .description('create a draft campaign from a JSON file')
    .option('--json', 'print {"id"}')
    .action(async (file: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const created = await app.get(CampaignsService).create(readJsonFile(file, 'campaigns'));
        io.result(created, (r: typeof created) => `campaign ${r.id} created (draft)`);
      });
    });
}

function addLaunchCommand(campaign: Command, withApp: WithApp): void {
  campaign
    .command('launch <id>')
    .description(
      'snapshot the audience and send; --wait dispatches here and returns when every due step is dispatched (exit 1 if the campaign paused, with the reason)',
    )
    .option('--wait', 'dispatch in this process until done')
    .option('--json', 'print {"id","status"} (and "status_reason" when it paused)')
    .action(async (id: string, options: { wait?: boolean; json?: boolean }) => {
      await withApp(options, (app, io) => launch(app, io, id, options.wait === true));
    });
}

async function launch(app: INestApplicationContext, io: CliIo, id: string, wait: boolean): Promise<void> {
  const launched = await app.get(LaunchCampaign).execute(id);
  io.info(
    `launched: ${launched.audience.targeted} targeted, ${launched.audience.holdout} held out, ${Object.values(launched.audience.excluded).reduce((a, b) => a + b, 0)} excluded`,
  );
  if (!wait || launched.status !== 'running')
    return io.result(
      { id, status: launched.status },
      (r: { id: string; status: string }) => `campaign ${r.id}: ${r.status}`,
    );
  const done = await app
    .get(CampaignWaiter)
    .untilDispatched(id, (sent, total) => io.progress(sent, total, `${sent}/${total} messages`));
  io.endProgress();
  for (const step of done.pending_steps)
    io.info(
      `step ${step.position} is scheduled for ${new Date(step.due_at).toISOString()} (run \`relance worker\` or \`serve\`)`,
    );
  if (done.status !== 'paused')
    return io.result(
      { id, status: done.status },
      (r: { id: string; status: string }) => `campaign ${r.id}: ${r.status}`,
    );
  // Not everything was dispatched: say why, and fail (what was not sent is kept for `campaign resume`).
  process.stderr.write(
    `relance: error: campaign ${id} paused: ${done.status_reason ?? 'paused'} (nothing is lost: \`relance campaign resume ${id}\` sends the rest)\n`,
  );
  exitCode.set(1);
  io.result(
    { id, status: done.status, status_reason: done.status_reason },
    (r: { id: string; status: string }) => `campaign ${r.id}: ${r.status}`,
  );
}

/** pause, resume and cancel: the same shape, one service method each. */
function addStatusCommands(campaign: Command, withApp: WithApp): void {
  for (const [name, description] of [
    ['pause', 'pause a running campaign'],
    ['resume', 'resume a paused campaign'],
    ['cancel', 'cancel a campaign (messages not yet sent are dropped)'],
  ] as const) {
    campaign
      .command(`${name} <id>`)
      .description(description)
      .option('--json', 'print {"id","status"}')
      .action(async (id: string, options: { json?: boolean }) => {
        await withApp(options, async (app, io) => {
          const result = await app.get(CampaignsService)[name](id);
          io.result(result, (r: { id: string; status: string }) => `campaign ${r.id}: ${r.status}`);
        });
      });
  }
}

function addShowCommand(campaign: Command, withApp: WithApp): void {
  campaign
    .command('show <id>')
    .description('a campaign with its steps, progress and history')
    .option('--json', 'JSON output')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => io.result(await app.get(CampaignsService).get(id)));
    });
}

function addListCommand(campaign: Command, withApp: WithApp): void {
  campaign
    .command('list')
    .description('campaigns, newest first')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const rows = await app.get(CampaignsService).list();
        io.result(
          rows,
          (r: typeof rows) =>
            r.map((c) => `${String(c.id)}  ${String(c.status).padEnd(9)}  ${String(c.name)}`).join('\n') ||
            'no campaigns',
        );
      });
    });
}

function addDeliveriesCommand(campaign: Command, withApp: WithApp): void {
  campaign
    .command('deliveries <id>')
    .description(
      'every delivery of the campaign, then every member of its control group (holdout: true, state held_out)',
    )
    .option(
      '--state <state>',
      `only the deliveries in this state (${DELIVERY_LIST_STATES.join(', ')}; held_out: the control group)`,
    )
    .option('--step <n>', 'only the deliveries of this step')
    .option('--csv', 'CSV on stdout')
    .option('--json', 'JSON output')
    .action(async (id: string, options: { csv?: boolean; json?: boolean; state?: string; step?: string }) => {
      await withApp(options, async (app) => {
        const filter = parseDeliveryFilter(
          { state: options.state, step: options.step },
          { state: '--state', step: '--step' },
        );
        const format = options.csv ? 'csv' : options.json ? 'json' : 'human';
        await writeDeliveryList(app.get(CampaignsService), id, format, 10_000, filter);
      });
    });
}

/** Pages through the whole list and writes each page as it comes: a million rows never sit in memory at once. */
export async function writeDeliveryList(
  campaigns: CampaignsService,
  id: string,
  format: 'csv' | 'json' | 'human',
  pageSize = 10_000,
  filter: DeliveryListFilter = {},
): Promise<void> {
  const columns = [...DELIVERY_LIST_COLUMNS];
  if (format === 'csv') process.stdout.write(csvLine(columns));
  if (format === 'json') process.stdout.write('[');
  let after: string | undefined;
  let written = 0;
  do {
    const page = await campaigns.deliveryList(id, { after, limit: pageSize }, filter);
    const text = page.rows.map((row) => {
      if (format === 'csv') return csvLine(columns.map((column) => row[column]));
      if (format === 'json') return `${written++ ? ',' : ''}\n  ${JSON.stringify(row)}`;
      return `${row.delivery_id ?? '—'}  step ${row.step ?? '—'}  ${(row.channel ?? '—').padEnd(6)}  ${row.external_id.padEnd(12)}  ${row.state.padEnd(10)}  ${row.response_code ?? ''}\n`;
    });
    process.stdout.write(text.join(''));
    after = page.next ?? undefined;
  } while (after);
  if (format === 'json') process.stdout.write(written ? '\n]\n' : ']\n');
}
