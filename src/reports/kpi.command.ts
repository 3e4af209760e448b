import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { ProgrammeKpisService, type ProgrammeKpiReport } from './programme-kpis.service';

const show = (value: number | null, unit = '') => (value === null ? '–' : `${value}${unit}`);

const byCurrency = (amounts: Record<string, number>) =>
  Object.entries(amounts)
    .map(([code, amount]) => `${amount} ${code}`)
    .join(', ') || '–';

export function humanKpis(r: ProgrammeKpiReport): string {
  const line = (label: string, now: number | null, unit = '') =>
    `  ${label.padEnd(20)} ${show(now, unit).padStart(12)}   (previous ${show(r.previous_period[label as keyof ProgrammeKpiReport['previous_period']] as number | null, unit)}, a year earlier ${show(r.year_on_year[label as keyof ProgrammeKpiReport['year_on_year']] as number | null, unit)})`;
  return [
    `Programme KPIs ${r.from} → ${r.to} (${r.currency})`,
    `  clients active at start ${r.clients_active_start}`,
    line('retention_rate', r.retention_rate, ' %'),
    line('attrition_rate', r.attrition_rate, ' %'),
    line('complaint_rate', r.complaint_rate, ' %'),
    line('loss_rate', r.loss_rate, ' %'),
    line('nps', r.nps),
    `  promoters ${r.promoters}, passives ${r.passives}, detractors ${r.detractors}`,
    line('average_basket', r.average_basket),
    line('purchase_frequency', r.purchase_frequency),
    line('revenue', r.revenue),
    `  ${r.orders} orders from ${r.buyers} buyers, every currency; revenue by currency: ${byCurrency(r.revenue_by_currency)}; compensations: ${byCurrency(r.compensation_by_currency)}`,
    ...(r.left_out.note ? [`  left out: ${r.left_out.note} (--currency ${r.left_out.currencies[0]} gives them)`] : []),
  ].join('\n');
}

export function registerKpiCommand(program: Command, withApp: WithApp): void {
  program
    .command('kpi')
    .description(
      'programme KPIs: retention, attrition, complaint and loss rates, NPS, basket, frequency, revenue (and comparable periods)',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD); default: the first of this month')
    .option('--to <date>', 'last day, included (YYYY-MM-DD); default: today')
    .option(
      '--currency <code>',
      'the currency of revenue, average basket and loss rate (ISO 4217); default: RELANCE_DEFAULT_CURRENCY. Other currencies are listed, not converted',
    )
    .option('--json', 'the KPI document')
    .action(async (options: { from?: string; to?: string; currency?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        io.result(
          await app
            .get(ProgrammeKpisService)
            .report({ from: options.from, to: options.to, currency: options.currency }),
          humanKpis,
        );
      });
    });
}
