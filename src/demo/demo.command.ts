import type { Command } from 'commander';
import { commandInput } from '../core/cli/command-input';
import type { WithApp } from '../core/cli/command-runner';
import { UsersService } from '../core/auth/users.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { consoleInstructions, demoConsoleUser } from './demo-console-user';
import { DemoOptionsDto } from './demo-options.dto';
import { campaignReportTable } from './demo-report-table';
import { DemoService, type DemoReport } from './demo.service';

function money(value: number, currency: string): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
}

function day(value: unknown): string {
  return value ? new Date(value as string).toISOString().slice(0, 10) : '-';
}

/** The figures `ContactsService.counts` gives for the base. */
interface BaseFigures {
  contacts: number;
  persons: number;
  companies: number;
  clients: number;
  prospects: number;
  purchases: number;
  first_order: Date | null;
  last_order: Date | null;
  revenue: Record<string, number>;
}

function human(report: DemoReport): string {
  const base = report.base as unknown as BaseFigures;
  const email = report.consents.email ?? {};
  const lines = [
    '',
    'The demo company, Maison Atlas. The client base:',
    `  contacts      ${base.contacts}  (${base.persons} persons, ${base.companies} companies)`,
    `  clients       ${base.clients} who bought, ${base.prospects} prospects`,
    `  purchases     ${base.purchases} orders from ${day(base.first_order)} to ${day(base.last_order)}`,
    `  revenue       ${Object.entries(base.revenue)
      .map(([currency, value]) => money(value, currency))
      .join(' + ')}`,
    ...report.pareto.map(
      (p) =>
        `  Pareto (${p.currency})  the best 20 % of ${p.clients} buyers make ${p.top_20_percent_revenue_share} % of revenue`,
    ),
    `  scores        ${report.scores.value_tier.top} top tier, ${report.scores.silent} silent clients (as of ${day(report.scores.as_of)})`,
    `  e-mail consent ${Object.entries(email)
      .map(([state, n]) => `${n} ${state.replace(':', ' by ')}`)
      .join(', ')}`,
    '',
    `The campaigns, sent on ${day(report.send_day)}, and what came back in the weeks after:`,
    '',
    campaignReportTable(
      report.reports,
      report.campaigns.map((c) => (c.key === 'letter' ? 'Letter to top clients' : 'Win-back e-mail')),
    ),
    '',
    'Outputs:',
    ...report.campaigns.flatMap((c) => c.outputs.map((output) => `  ${output}`)),
    `  CSV files used: ${report.files.contacts}, ${report.files.purchases}, ${report.files.consents}`,
    '',
    `See every figure with \`relance campaign report <id>\`: ${report.campaigns.map((c) => c.id).join(', ')}`,
  ];
  return lines.join('\n');
}

export function registerDemoCommand(program: Command, withApp: WithApp): void {
  program
    .command('demo')
    .description(
      'seed a demo company and run the main job end to end: a loyalty letter, a win-back e-mail, the weeks after, the reports',
    )
    .option('--contacts <n>', 'number of contacts to generate (1 to 1000000)', '5000')
    .option('--seed <n>', 'random seed (same seed, same company, same reports)', '2026')
    .option('--json', 'print the campaign reports as one JSON document on stdout')
    .action(async (options: { contacts: string; seed: string; json?: boolean }) => {
      const checked = commandInput(DemoOptionsDto, { contacts: options.contacts, seed: options.seed }, 'demo.invalid', {
        contacts: '--contacts',
        seed: '--seed',
      });
      await withApp(
        options,
        async (app, io) => {
          const report = await app.get(DemoService).run({
            contacts: checked.contacts,
            seed: checked.seed,
            onStep: (message) => {
              io.endProgress();
              io.info(`• ${message}`);
            },
            onProgress: (done, total) => io.progress(done, total, `${done}/${total} messages`),
          });
          const user = await demoConsoleUser(app.get(UsersService));
          io.endProgress();
          if (options.json) io.result(report.reports);
          else io.result(report, human);
          // With --json on stderr, so that stdout stays one JSON document.
          io.info(consoleInstructions(app.get<RelanceConfigType>(relanceConfig.KEY).publicUrl, user));
        },
        { schema: 'apply', defaultLogLevel: 'warn' },
      );
    });
}
