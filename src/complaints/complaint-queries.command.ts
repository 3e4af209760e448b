import type { Command } from 'commander';
import { commandInput, numberOption } from '../core/cli/command-input';
import type { WithApp } from '../core/cli/command-runner';
import { toCsv } from '../core/csv/csv-writer';
import { humanComplaint, humanDashboard } from './complaint-cli-output';
import type { Options } from './complaint-command-options';
import {
  COMPLAINT_DASHBOARD,
  DASHBOARD_CSV_COLUMNS,
  dashboardRows,
  type ComplaintDashboardSource,
} from './complaint-dashboard';
import { ComplaintQueriesService } from './complaint-queries.service';
import { COMPLAINT_STATUSES } from './complaint-workflow';
import { COMPLAINT_PAGE, ListComplaintsQuery } from './complaint.dto';

export function addShowCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('show <reference>')
    .description('the complaint, its thread, transitions, compensations and the client history')
    .option('--json')
    .action(async (reference: string, options: Options) => {
      await withApp(options, async (app, io) =>
        io.result(await app.get(ComplaintQueriesService).get(reference), humanComplaint),
      );
    });
}

export function addListCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('list')
    .description('complaints by due date')
    .option('--status <status>', COMPLAINT_STATUSES.join(', '))
    .option('--overdue', 'only those past their due date')
    .option('--owner <name>')
    .option('--contact <external_id>')
    .option(
      '--limit <n>',
      `at most n complaints, 1 to ${COMPLAINT_PAGE.maxLimit} (default ${COMPLAINT_PAGE.defaultLimit})`,
    )
    .option('--offset <n>', 'skip the first n')
    .option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const query = commandInput(
          ListComplaintsQuery,
          {
            status: options.status,
            overdue: options.overdue ? 'true' : undefined,
            owner: options.owner,
            external_id: options.contact,
            limit: numberOption(options.limit as string | undefined),
            offset: numberOption(options.offset as string | undefined),
          },
          'complaints.invalid',
          { status: '--status', owner: '--owner', external_id: '--contact', limit: '--limit', offset: '--offset' },
        );
        const rows = await app.get(ComplaintQueriesService).list({ ...query, overdue: query.overdue === 'true' });
        io.result(
          rows,
          (r: typeof rows) =>
            r
              .map(
                (c) =>
                  `${String(c.reference)}  ${String(c.status).padEnd(13)} due ${new Date(c.due_at as string).toISOString().slice(0, 16)}${c.overdue ? ' OVERDUE' : ''}  ${String(c.subject)}`,
              )
              .join('\n') || 'no complaints',
        );
      });
    });
}

export function addDashboardCommand(complaint: Command, withApp: WithApp): void {
  complaint
    .command('dashboard')
    .description(
      'per month and cumulated by origin, cause, sector; delays; SLA; compensations; rates; top causes; unhappy clients',
    )
    .option('--from <date>')
    .option('--to <date>')
    .option('--csv', 'long-format CSV on stdout')
    .option('--json')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) => {
        const dashboard = await app
          .get<ComplaintDashboardSource>(COMPLAINT_DASHBOARD)
          .dashboard({ from: options.from as string, to: options.to as string });
        if (options.csv) process.stdout.write(toCsv(dashboardRows(dashboard), DASHBOARD_CSV_COLUMNS));
        else io.result(dashboard, humanDashboard);
      });
    });
}
