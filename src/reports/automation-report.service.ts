import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { CampaignReportService, type CampaignReport, type OccurrenceScope } from './campaign-report.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { parsePeriod, type ReportPeriod } from './report-period';
import { occurrenceDeliveriesSql } from './attribution-sql';
import { AutomationsService } from '../automations/automations.service';
import { DeliveryState, sqlState } from '../deliveries/delivery-state';

export type AutomationReport = CampaignReport & {
  automation_id: string;
  status_reason: string | null;
  occurrences: Record<string, number>;
  postponed: number;
  /** The period the report is restricted to, when it is (dates included, in the company's time zone). */
  period?: { from: string; to: string };
};

interface OccurrenceRow {
  outcome: string;
  reason: string | null;
  n: number;
  contacts: number;
}

/** Occurrences per outcome, and the audience they make: excluded contacts by reason, holdout, targeted. */
function tallyOccurrences(rows: OccurrenceRow[]) {
  const excluded = { no_consent: 0, suppressed: 0, invalid_address: 0, frequency_cap: 0 };
  const occurrences: Record<string, number> = {};
  let holdout = 0;
  let targeted = 0;
  for (const row of rows) {
    occurrences[row.outcome] = (occurrences[row.outcome] ?? 0) + row.n;
    if (row.outcome === 'holdout') holdout += row.contacts;
    if (row.outcome === 'queued') targeted += row.contacts;
    if (row.outcome === 'excluded') {
      const reason =
        row.reason === 'withdrawn'
          ? 'no_consent'
          : ['do_not_call', 'erased'].includes(row.reason ?? '')
            ? 'suppressed'
            : row.reason;
      if (reason && reason in excluded) excluded[reason as keyof typeof excluded] += row.contacts;
      else excluded.no_consent += row.contacts;
    }
  }
  return { occurrences, excluded, holdout, targeted };
}

/**
 * An automation's running report: the campaign report of its evergreen campaign (holdout
 * compared from each contact's own occurrence), with the audience counted over its occurrences
 * and what the scheduler skipped.
 *
 * Restricted to a period, it covers the occurrences due in it: their messages (and what those
 * cost), the responses to them, the purchases their contacts made after them (attribution runs
 * its `attribution_days` past the period's end) against the contacts held out in it. The fixed
 * cost, paid once, counts in the period the automation was created in, so that periods add up.
 */
@Injectable()
export class AutomationReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly automations: AutomationsService,
    private readonly reports: CampaignReportService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /**
   * The report as the CLI and the API ask for it: whole, or restricted to the occurrences due from
   * `from` to `to` (dates in the company's time zone; one alone: `from` defaults to the first of
   * the month, `to` to today). A bad date is refused naming the field.
   */
  async reportFor(idOrName: string, input: { from?: string; to?: string }): Promise<AutomationReport> {
    if (input.from === undefined && input.to === undefined) return this.report(idOrName);
    return this.report(idOrName, parsePeriod(input, this.config.defaultTimezone));
  }

  async report(idOrName: string, period?: ReportPeriod): Promise<AutomationReport> {
    const automation = await this.automations.get(idOrName);
    const scope: OccurrenceScope | undefined = period && {
      automationId: automation.id,
      start: period.start,
      end: period.end,
      fixedCost: automation.created_at >= period.start && automation.created_at < period.end,
    };
    const report = await this.reports.report(automation.campaign_id, scope);
    // The occurrences counted: all, or those due in the period ($2, $3).
    const due = scope ? ' AND due_at >= $2 AND due_at < $3' : '';
    const bounds = scope ? [scope.start, scope.end] : [];
    const [{ status_reason: reason }] = await queryRows<{ status_reason: string | null }>(
      this.dataSource,
      `SELECT status_reason FROM campaigns WHERE id = $1`,
      [automation.campaign_id],
    );
    const status = automation.status === 'paused' ? 'paused' : report.status;
    const rows = await queryRows<OccurrenceRow>(
      this.dataSource,
      `SELECT outcome, reason, count(*)::int AS n, count(DISTINCT contact_id)::int AS contacts FROM automation_occurrences WHERE automation_id = $1${due} GROUP BY 1, 2`,
      [automation.id, ...bounds],
    );
    const [{ contacts }] = await queryRows<{ contacts: number }>(
      this.dataSource,
      `SELECT count(DISTINCT contact_id)::int AS contacts FROM automation_occurrences WHERE automation_id = $1 AND outcome <> 'skipped'${due}`,
      [automation.id, ...bounds],
    );
    const [{ postponed }] = await queryRows<{ postponed: number }>(
      this.dataSource,
      `SELECT count(*)::int AS postponed FROM deliveries WHERE campaign_id = $1 AND state = ${sqlState(DeliveryState.Planned)} AND reason LIKE 'postponed:%'
         ${scope ? `AND id IN (${occurrenceDeliveriesSql(2)})` : ''}`,
      [automation.campaign_id, ...(scope ? [automation.id, ...bounds] : [])],
    );
    const { occurrences, excluded, holdout, targeted } = tallyOccurrences(rows);
    return {
      ...report,
      status,
      status_reason: status === 'paused' ? reason : null,
      automation_id: automation.id,
      audience: { segment: contacts, excluded, holdout, targeted },
      occurrences,
      postponed,
      ...(period ? { period: { from: period.from, to: period.to } } : {}),
    };
  }
}
