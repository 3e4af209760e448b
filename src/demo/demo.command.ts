import type { Command } from 'commander';
import { withApp } from '../cli/command-runner';
import { DemoService, type DemoReport } from './demo.service';

function money(value: number, currency: string): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
}

function day(value: unknown): string {
  return value ? new Date(value as string).toISOString().slice(0, 10) : '-';
}

function human(report: DemoReport): string {
  const base = report.base as Record<string, any>;
  const lines = [
    '',
    'Demo company ready. The client base:',
    `  contacts      ${base.contacts}  (${base.persons} persons, ${base.companies} companies)`,
    `  clients       ${base.clients} who bought, ${base.prospects} prospects`,
    `  purchases     ${base.purchases} orders from ${day(base.first_order)} to ${day(base.last_order)}`,
    `  revenue       ${Object.entries(base.revenue as Record<string, number>).map(([currency, value]) => money(value, currency)).join(' + ')}`,
    ...report.pareto.map((p) => `  Pareto (${p.currency})  the best 20 % of ${p.clients} buyers make ${p.top_20_percent_revenue_share} % of revenue`),
    '',
    `CSV files used: ${report.files.contacts}, ${report.files.purchases}`,
  ];
  return lines.join('\n');
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('seed a demo company into the database and run the main job end to end')
    .option('--contacts <n>', 'number of contacts to generate', (value) => Number.parseInt(value, 10), 5000)
    .option('--seed <n>', 'random seed (same seed, same company)', (value) => Number.parseInt(value, 10), 2026)
    .option('--json', 'print the reports as JSON on stdout')
    .action(async (options: { contacts: number; seed: number; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const report = await app.get(DemoService).run({
          contacts: options.contacts,
          seed: options.seed,
          onStep: (message) => io.info(`• ${message}`),
        });
        io.result(report, human);
      }, { schema: 'apply', defaultLogLevel: 'warn' });
    });
}
