import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { toCsv } from '../core/csv/csv-writer';
import { OperationsProfitabilityService, type OperationsReport } from './operations-profitability.service';
import { OPERATIONS_COLUMNS, operationsCsvRows } from './operations-table';

const show = (value: number | null) => (value === null ? '–' : String(value));

export function humanOperations(report: OperationsReport): string {
  const lines = [`Operations with activity ${report.from} → ${report.to} (${report.timezone})`];
  if (!report.tables.length)
    lines.push('  no campaign launched or sending, no automation with occurrences in the period');
  for (const table of report.tables) {
    lines.push(`  ${table.currency}: cost, revenue, gross margin, profit, ROI, incremental profit and ROI`);
    for (const row of table.operations)
      lines.push(
        `    ${row.kind.padEnd(10)} ${row.name}: ${row.cost}, ${row.revenue}, ${row.gross_margin}, ${row.profit}, ROI ${show(row.roi)}, ${show(row.incremental_profit)}, ${show(row.incremental_roi)}`,
      );
    const t = table.totals;
    lines.push(
      `    total      ${t.operations} operations: ${t.cost}, ${t.revenue}, ${t.gross_margin}, ${t.profit}, ROI ${show(t.roi)}, ${show(t.incremental_profit)}, ${show(t.incremental_roi)} (${t.with_control_group} with a control group)`,
    );
  }
  return lines.join('\n');
}

/** `relance report operations`: the profitability of every operation of a period (docs/kpis.md). */
export function registerOperationsReportCommand(program: Command, withApp: WithApp): void {
  const report = program.commands.find((command) => command.name() === 'report') ?? program.command('report');
  report.description('reports across campaigns and automations');
  report
    .command('operations')
    .description(
      'profitability of every campaign and automation with activity in the period: cost, revenue, margin, profit, ROI, incremental profit and ROI, lift, with totals per currency',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD); default: a year before --to')
    .option('--to <date>', 'last day, included (YYYY-MM-DD); default: today')
    .option('--csv', 'CSV on stdout: a row per operation, then a total row per currency')
    .option('--json', 'the JSON document')
    .action(async (options: { from?: string; to?: string; csv?: boolean; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const result = await app.get(OperationsProfitabilityService).report({ from: options.from, to: options.to });
        if (options.csv) process.stdout.write(toCsv(operationsCsvRows(result.tables), [...OPERATIONS_COLUMNS]));
        else io.result(result, humanOperations);
      });
    });
}
