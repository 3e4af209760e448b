import type { CampaignReport } from '../reports/campaign-report.service';

type Row = [label: string, value: (report: CampaignReport) => string];

const number = (value: number | null) =>
  value === null ? '—' : new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value);
const money = (value: number | null, report: CampaignReport) =>
  value === null ? '—' : `${number(value)} ${report.currency}`;
const percent = (value: number | null) => (value === null ? '—' : `${number(value)} %`);

const ROWS: Row[] = [
  ['segment', (r) => number(r.audience.segment)],
  ['excluded: no consent', (r) => number(r.audience.excluded.no_consent)],
  ['excluded: suppressed', (r) => number(r.audience.excluded.suppressed)],
  ['excluded: no valid address', (r) => number(r.audience.excluded.invalid_address)],
  ['excluded: frequency cap', (r) => number(r.audience.excluded.frequency_cap)],
  ['holdout', (r) => number(r.audience.holdout)],
  ['targeted', (r) => number(r.audience.targeted)],
  ['messages sent', (r) => number(r.messages.sent)],
  ['delivered', (r) => `${number(r.messages.delivered)} (${percent(r.rates.delivery)})`],
  ['coupons returned', (r) => number(r.responses.coupons)],
  ['responders', (r) => `${number(r.responses.responders)} (${percent(r.rates.response)})`],
  ['unsubscribed', (r) => number(r.responses.unsubscribed)],
  [
    'treatment buyers',
    (r) =>
      `${number(r.conversions.treatment.buyers)} / ${number(r.conversions.treatment.contacts)} (${percent(r.rates.conversion)})`,
  ],
  [
    'holdout buyers',
    (r) =>
      `${number(r.conversions.holdout.buyers)} / ${number(r.conversions.holdout.contacts)} (${percent(r.conversions.holdout.contacts ? Math.round((r.conversions.holdout.buyers / r.conversions.holdout.contacts) * 10000) / 100 : 0)})`,
  ],
  ['revenue (treatment)', (r) => money(r.revenue, r)],
  ['cost', (r) => money(r.cost, r)],
  ['gross margin', (r) => money(r.gross_margin, r)],
  ['profit', (r) => money(r.profit, r)],
  ['ROI', (r) => number(r.roi)],
  ['cost per response', (r) => money(r.cost_per_response, r)],
  ['incremental revenue', (r) => money(r.incremental_revenue, r)],
  ['incremental profit', (r) => money(r.incremental_profit, r)],
  ['incremental ROI', (r) => number(r.incremental_roi)],
  ['lift', (r) => (r.lift === null ? '—' : percent(Math.round(r.lift * 10000) / 100))],
];

/** The campaign reports side by side, one column per campaign, for the terminal. */
export function campaignReportTable(reports: CampaignReport[], titles: string[]): string {
  const labelWidth = Math.max(...ROWS.map(([label]) => label.length));
  const cells = ROWS.map(([label, value]) => [label, ...reports.map(value)]);
  const widths = reports.map((_, i) => Math.max(titles[i].length, ...cells.map((row) => row[i + 1].length)));
  const line = (values: string[]) =>
    [values[0].padEnd(labelWidth), ...values.slice(1).map((v, i) => v.padStart(widths[i]))].join('   ');
  const lines = [line(['', ...titles]), line(['', ...widths.map((w) => '─'.repeat(w))]), ...cells.map(line)];
  const notes = reports.map((r, i) => `  ${titles[i]}: ${r.lift_confidence.note}`);
  return [...lines, '', 'Lift:', ...notes].join('\n');
}
