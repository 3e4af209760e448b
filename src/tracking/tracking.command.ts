import type { Command } from 'commander';
import { withApp } from '../cli/command-runner';
import { toCsv } from '../core/csv/csv-writer';
import { CampaignReportService, type CampaignReport } from './campaign-report.service';
import { flattenReport } from './report-csv';
import { RESPONSE_KINDS, ResponsesService, type ResponseKind } from './responses.service';

function money(value: number, currency: string): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
}

export function humanReport(r: CampaignReport): string {
  const m = (v: number) => money(v, r.currency);
  return [
    `${r.name} (${r.status})`,
    `  audience     ${r.audience.segment} in the segment, ${r.audience.targeted} targeted, ${r.audience.holdout} held out, excluded: ${Object.entries(r.audience.excluded).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  messages     ${r.messages.sent} sent, ${r.messages.delivered} delivered, ${r.messages.bounced} bounced, ${r.messages.failed} failed, ${r.messages.unknown} unknown, ${r.messages.queued} queued`,
    `  responses    ${r.responses.responders} responders (${r.rates.response} %): ${r.responses.coupons} coupons, ${r.responses.replied} replies, ${r.responses.calls_positive} positive calls, ${r.responses.surveys} surveys; ${r.responses.opened} opened, ${r.responses.clicked} clicked, ${r.responses.unsubscribed} unsubscribed`,
    `  conversion   treatment ${r.conversions.treatment.buyers}/${r.conversions.treatment.contacts} (${r.rates.conversion} %) for ${m(r.conversions.treatment.revenue)}; holdout ${r.conversions.holdout.buyers}/${r.conversions.holdout.contacts} for ${m(r.conversions.holdout.revenue)}`,
    `  money        cost ${m(r.cost)}, revenue ${m(r.revenue)}, gross margin ${m(r.gross_margin)}, profit ${m(r.profit)}, ROI ${r.roi ?? '–'}, cost per response ${r.cost_per_response === null ? '–' : m(r.cost_per_response)}`,
    `  vs holdout   incremental revenue ${m(r.incremental_revenue)}, lift ${r.lift ?? '–'} — ${r.lift_confidence.note}`,
  ].join('\n');
}

export function registerTrackingCommands(program: Command): void {
  const campaign = program.commands.find((command) => command.name() === 'campaign') ?? program.command('campaign');
  campaign
    .command('report <id>')
    .description('the campaign report: counts, rates, cost, revenue, profit, ROI, holdout comparison')
    .option('--csv', 'one CSV row on stdout')
    .option('--json', 'the JSON report')
    .action(async (id: string, options: { csv?: boolean; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const report = await app.get(CampaignReportService).report(id);
        if (options.csv) {
          const row = flattenReport(report);
          process.stdout.write(toCsv([row], Object.keys(row)));
          return;
        }
        io.result(report, humanReport);
      });
    });
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
          throw new (await import('../core/errors/domain-error')).DomainError('responses.bad_kind', 'invalid', `--kind must be one of ${RESPONSE_KINDS.join(', ')}`);
        }
        const recorded = await app.get(ResponsesService).record({ kind: options.kind as ResponseKind, code: options.code, value: options.value, source: 'cli' });
        io.result({ delivery_id: recorded.delivery_id, campaign_id: recorded.campaign_id, duplicate: recorded.duplicate }, (r) => `${r.duplicate ? 'already recorded' : 'recorded'}: delivery ${r.delivery_id} of campaign ${r.campaign_id}`);
      });
    });
}
