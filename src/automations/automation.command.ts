import type { Command } from 'commander';
import type { CliIo } from '../core/cli/cli-io';
import type { WithApp } from '../core/cli/command-runner';
import { readJsonFile } from '../core/cli/json-file';
import { DomainError } from '../core/errors/domain-error';
import { AutomationScheduler } from './automation-scheduler';
import { AutomationUpcoming } from './automation-upcoming';
import { AutomationsService } from './automations.service';
import { describeTrigger } from './trigger-description';
import { scoringConfig, type ScoringConfigType } from '../segments/scoring.config';

function parseAt(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw DomainError.invalid(
      'automations.bad_at',
      `--at: "${value}" is not an ISO-8601 instant (2027-03-01T09:00:00+01:00)`,
    );
  return at;
}

export function registerAutomationCommands(program: Command, withApp: WithApp): void {
  const automation = program
    .command('automation')
    .description('loyalty automations: create, pause, resume, upcoming, report');
  addCreateCommand(automation, withApp);
  addListCommand(automation, withApp);
  addStatusCommands(automation, withApp);
  addUpcomingCommand(automation, withApp);
  addSchedulerRunCommand(program, withApp);
}

function addCreateCommand(automation: Command, withApp: WithApp): void {
  automation
    .command('create <automation.json>')
    .description('create an automation, or update the one with the same name')
    .option('--json', 'print {"id"}')
    .action(async (file: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const saved = await app.get(AutomationsService).save(readJsonFile(file, 'automations'));
        io.result(
          { id: saved.id },
          (r: { id: string }) => `automation ${r.id} ${saved.created ? 'created' : 'updated'}`,
        );
      });
    });
}

function addListCommand(automation: Command, withApp: WithApp): void {
  automation
    .command('list')
    .description('automations with their status and messages sent')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const rows = await app.get(AutomationsService).list();
        const thresholds = app.get<ScoringConfigType>(scoringConfig.KEY, { strict: false });
        io.result(
          rows,
          (r: typeof rows) =>
            r
              .map(
                (a) =>
                  `${a.id}  ${String(a.status).padEnd(6)}  ${String(a.sent).padStart(7)} sent  ${a.name}${a.status_reason ? ` — ${a.status_reason}` : ''}\n    ${describeTrigger(a.trigger, thresholds)}`,
              )
              .join('\n') || 'no automations',
        );
      });
    });
}

/** pause and resume: the same shape, one target status each. */
function addStatusCommands(automation: Command, withApp: WithApp): void {
  for (const [name, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    automation
      .command(`${name} <id>`)
      .description(`${name} an automation (by id or name)`)
      .option('--json', 'print {"id","status"}')
      .action(async (id: string, options: { json?: boolean }) => {
        await withApp(options, async (app, io) =>
          io.result(
            await app.get(AutomationsService).setStatus(id, status),
            (r: { id: string; status: string }) => `automation ${r.id}: ${r.status}`,
          ),
        );
      });
  }
}

function addUpcomingCommand(automation: Command, withApp: WithApp): void {
  automation
    .command('upcoming <id>')
    .description('what the automation will send in the next days, postponed messages with their reason')
    .option('--days <n>', 'how many days ahead (default 7)', '7')
    .option('--at <ISO-8601>', 'as if it were that instant')
    .option('--json', 'JSON output')
    .action(async (id: string, options: { days: string; at?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const upcoming = await app
          .get(AutomationUpcoming)
          .list(id, { days: Number(options.days), at: parseAt(options.at) });
        io.result(
          upcoming,
          (u: typeof upcoming) =>
            u.messages
              .map(
                (m) =>
                  `${m.send_at}  ${m.channel.padEnd(6)}  ${m.external_id.padEnd(12)}  ${m.status}${m.reason ? ` (${m.reason})` : ''}`,
              )
              .join('\n') || 'nothing in the coming days',
        );
      });
    });
}

interface SchedulerRunOptions {
  at?: string;
  until?: string;
  every: string;
  wait?: boolean;
  json?: boolean;
}

/** `automations run`: the scheduler's tick on demand, or a replay of ticks up to --until. */
function addSchedulerRunCommand(program: Command, withApp: WithApp): void {
  program
    .command('automations')
    .description('the loyalty scheduler')
    .command('run')
    .description('run the scheduler once as if it were --at (default now); idempotent')
    .option('--at <ISO-8601>', 'the instant to run as')
    .option('--until <ISO-8601>', 'replay: run again every --every minutes up to this instant')
    .option('--every <minutes>', 'the interval between replayed ticks (default 60)', '60')
    .option('--wait', 'also send here what is due after each tick (no worker needed)')
    .option('--json', 'print {"due","queued","skipped"}')
    .action(async (options: SchedulerRunOptions) => {
      await withApp(options, (app, io) => runScheduler(app.get(AutomationScheduler), io, options));
    });
}

async function runScheduler(scheduler: AutomationScheduler, io: CliIo, options: SchedulerRunOptions): Promise<void> {
  const from = parseAt(options.at);
  const until = options.until === undefined ? from : parseAt(options.until);
  const every = Number(options.every);
  if (!Number.isInteger(every) || every < 1)
    throw DomainError.invalid('automations.bad_every', `--every: "${options.every}" is not a whole number of minutes`);
  if (until < from) throw DomainError.invalid('automations.bad_until', '--until is before --at');
  const total = { due: 0, queued: 0, skipped: {} as Record<string, number> };
  let sent = 0;
  const ticks = Math.floor((until.getTime() - from.getTime()) / (every * 60_000)) + 1;
  for (let i = 0; i < ticks; i++) {
    const result = await scheduler.tick(new Date(from.getTime() + i * every * 60_000));
    total.due += result.due;
    total.queued += result.queued;
    for (const [reason, n] of Object.entries(result.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + n;
    if (options.wait) sent += await scheduler.dispatchDue();
    if (ticks > 1) io.progress(i + 1, ticks, `${i + 1}/${ticks} ticks`);
  }
  if (options.wait) io.info(`${sent} messages sent`);
  io.result(
    total,
    (r: typeof total) =>
      `${r.due} due, ${r.queued} queued${
        Object.keys(r.skipped).length
          ? `, skipped: ${Object.entries(r.skipped)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}`
          : ''
      }`,
  );
}
