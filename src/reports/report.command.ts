import type { INestApplicationContext } from '@nestjs/common';
import { Option, type Command } from 'commander';
import * as fs from 'node:fs';
import type { CliIo } from '../core/cli/cli-io';
import type { WithApp } from '../core/cli/command-runner';
import { toCsv } from '../core/csv/csv-writer';
import { CampaignReportService, type CampaignReport } from './campaign-report.service';
import {
  BREAKDOWN_COLUMNS,
  CampaignTimelineService,
  DAILY_COLUMNS,
  type CampaignBreakdown,
  type DailySeries,
} from './campaign-timeline.service';
import { CampaignSummaryService } from './campaign-summary.service';
import { flattenReport } from './report-csv';
import { AutomationReportService } from './automation-report.service';

function money(value: number, currency: string): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
}

export function humanReport(r: CampaignReport): string {
  const m = (v: number) => money(v, r.currency);
  return [
    `${r.name} (${r.status}${r.status_reason ? `: ${r.status_reason}` : ''})`,
    `  audience     ${r.audience.segment} in the segment, ${r.audience.targeted} targeted, ${r.audience.holdout} held out, excluded: ${Object.entries(
      r.audience.excluded,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  messages     ${r.messages.sent} sent, ${r.messages.delivered} delivered, ${r.messages.bounced} bounced, ${r.messages.failed} failed, ${r.messages.unknown} unknown, ${r.messages.queued} queued`,
    `  responses    ${r.responses.responders} responders (${r.rates.response} %): ${r.responses.coupons} coupons, ${r.responses.replied} replies, ${r.responses.calls_positive} positive calls, ${r.responses.surveys} surveys; ${r.responses.opened} opened, ${r.responses.clicked} clicked, ${r.responses.unsubscribed} unsubscribed`,
    `  conversion   treatment ${r.conversions.treatment.buyers}/${r.conversions.treatment.contacts} (${r.rates.conversion} %) for ${m(r.conversions.treatment.revenue)}; holdout ${r.conversions.holdout.buyers}/${r.conversions.holdout.contacts} for ${m(r.conversions.holdout.revenue)}`,
    `  money        cost ${m(r.cost)}, revenue ${m(r.revenue)}, gross margin ${m(r.gross_margin)}, profit ${m(r.profit)}, ROI ${r.roi ?? '–'}, cost per response ${r.cost_per_response === null ? '–' : m(r.cost_per_response)}`,
    `  vs holdout   incremental revenue ${m(r.incremental_revenue)}, incremental profit ${r.incremental_profit === null ? '–' : m(r.incremental_profit)}, incremental ROI ${r.incremental_roi ?? '–'}, lift ${r.lift ?? '–'} — ${r.lift_confidence.note}`,
    ...(r.left_out.note
      ? [
          `  left out    ${
            Object.entries(r.left_out.treatment.revenue_by_currency)
              .map(([code, amount]) => money(amount, code))
              .join(', ') || 'nothing'
          } bought by the treatment group: ${r.left_out.note}`,
        ]
      : []),
  ].join('\n');
}

function humanDaily(series: DailySeries): string {
  const header = 'date        sent  opened  clicked  responses  new_responders  conversions  revenue';
  const lines = series.days.map(
    (d) =>
      `${d.date}  ${String(d.sent).padStart(4)}  ${String(d.opened).padStart(6)}  ${String(d.clicked).padStart(7)}  ${String(d.responses).padStart(9)}  ${String(d.new_responders).padStart(14)}  ${String(d.conversions).padStart(11)}  ${money(d.revenue, series.currency)}`,
  );
  return [`days in ${series.timezone}`, header, ...lines].join('\n');
}

function humanBreakdown(breakdown: CampaignBreakdown): string {
  return Object.entries(breakdown.dimensions)
    .map(([dimension, rows]) =>
      [
        dimension,
        ...rows.map(
          (r) =>
            `  ${r.value.padEnd(16)} ${r.contacts} treated, ${r.responders} responders (${r.response_rate} %), ${r.buyers} buyers (${r.conversion_rate} %) for ${money(r.revenue, breakdown.currency)}; holdout ${r.holdout_buyers}/${r.holdout_contacts}, incremental ${r.incremental_revenue === null ? '–' : money(r.incremental_revenue, breakdown.currency)}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

interface ReportOptions {
  csv?: boolean;
  json?: boolean;
  daily?: boolean;
  breakdown?: boolean;
  pdf?: string;
}

/** `campaign report <id>`: the report (human, JSON or one CSV row), its daily series, its breakdown, or the bilan as a PDF file. */
async function campaignReport(
  app: INestApplicationContext,
  io: CliIo,
  id: string,
  options: ReportOptions,
): Promise<void> {
  if (options.pdf) {
    const pdf = await app.get(CampaignSummaryService).pdf(id);
    fs.writeFileSync(options.pdf, pdf);
    io.result({ id, file: options.pdf, bytes: pdf.length }, (r) => `bilan of campaign ${r.id} written to ${r.file}`);
    return;
  }
  if (options.daily) {
    const series = await app.get(CampaignTimelineService).daily(id);
    if (options.csv)
      process.stdout.write(toCsv(series.days as unknown as Array<Record<string, unknown>>, [...DAILY_COLUMNS]));
    else io.result(series, humanDaily);
    return;
  }
  if (options.breakdown) {
    const breakdown = await app.get(CampaignTimelineService).breakdown(id);
    if (options.csv)
      process.stdout.write(
        toCsv(Object.values(breakdown.dimensions).flat() as unknown as Array<Record<string, unknown>>, [
          ...BREAKDOWN_COLUMNS,
        ]),
      );
    else io.result(breakdown, humanBreakdown);
    return;
  }
  const report = await app.get(CampaignReportService).report(id);
  if (options.csv) {
    const row = flattenReport(report);
    process.stdout.write(toCsv([row], Object.keys(row)));
    return;
  }
  io.result(report, humanReport);
}

/** Reports sit above the features they report on: their commands join `campaign` and `automation` once those exist. */
export function registerReportCommands(program: Command, withApp: WithApp): void {
  const campaign = program.commands.find((command) => command.name() === 'campaign') ?? program.command('campaign');
  campaign
    .command('report <id>')
    .description('the campaign report: counts, rates, cost, revenue, profit, ROI, holdout comparison')
    .addOption(new Option('--daily', 'responses over time: one row per day').conflicts(['breakdown', 'pdf']))
    .addOption(new Option('--breakdown', 'by lifecycle stage, value tier and region').conflicts('pdf'))
    .addOption(
      new Option('--pdf <file>', 'write the bilan de campagne (two A4 pages, in French) to this PDF file').conflicts(
        'csv',
      ),
    )
    .option('--csv', 'CSV on stdout (one row for the report)')
    .option('--json', 'the JSON report (with --pdf: {"id","file","bytes"})')
    .action(async (id: string, options: ReportOptions) => {
      await withApp(options, (app, io) => campaignReport(app, io, id, options));
    });
  const automation =
    program.commands.find((command) => command.name() === 'automation') ?? program.command('automation');
  automation
    .command('report <id>')
    .description('the running report of an automation (campaign report with its holdout)')
    .option('--from <date>', 'only the occurrences due from this day (YYYY-MM-DD)')
    .option('--to <date>', 'only the occurrences due up to this day, included (YYYY-MM-DD)')
    .option('--json', 'JSON output')
    .action(async (id: string, options: { json?: boolean; from?: string; to?: string }) => {
      await withApp(options, async (app, io) =>
        io.result(await app.get(AutomationReportService).reportFor(id, { from: options.from, to: options.to })),
      );
    });
}
