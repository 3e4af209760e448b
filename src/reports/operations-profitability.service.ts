import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, isIsoDate } from '../contacts/normalisation/calendar';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { AutomationReportService } from './automation-report.service';
import { CampaignReportService } from './campaign-report.service';
import { operationRow, operationsTables, type OperationsTable } from './operations-table';
import { parsePeriod, type ReportPeriod } from './report-period';

export interface OperationsReport {
  /** The period, whole local days, both included. */
  from: string;
  to: string;
  timezone: string;
  /** One table per currency (nothing is converted), each with its totals. */
  tables: OperationsTable[];
}

/**
 * The period asked for; by default the twelve months up to today (`to` a year after the day
 * before `from`), since an operation's purchases come in over its attribution window.
 */
export function operationsPeriod(
  input: { from?: string; to?: string },
  timeZone: string,
  now: Date = new Date(),
): ReportPeriod {
  const asked = parsePeriod(input, timeZone, now);
  if (input.from !== undefined) return asked;
  const candidate = `${Number(asked.to.slice(0, 4)) - 1}${asked.to.slice(4)}`;
  const yearBefore = isIsoDate(candidate) ? candidate : `${Number(asked.to.slice(0, 4)) - 1}-02-28`;
  return parsePeriod({ from: addDays(yearBefore, 1), to: asked.to }, timeZone, now);
}

/** Automation reports computed at once: many automations must not queue all their queries on the pool together. */
const REPORTS_AT_ONCE = 4;

/** Runs the tasks, at most `width` at a time; the results in the tasks' order. */
async function inLanes<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, lane));
  return results;
}

/**
 * Rentabilité des opérations (docs/kpis.md): every loyalty operation with activity in a period,
 * side by side, with the figures of its own report — never recomputed here.
 *
 * - a **campaign** is active when it was launched in the period or sent a message in it; its row is
 *   its whole report (`relance campaign report`), since a campaign is judged as a whole;
 * - an **automation** is active when occurrences of it were due in the period and queued (a message)
 *   or held out; its row is its report restricted to those occurrences (AutomationReportService).
 */
@Injectable()
export class OperationsProfitabilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaignReports: CampaignReportService,
    private readonly automationReports: AutomationReportService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async report(input: { from?: string; to?: string }, now: Date = new Date()): Promise<OperationsReport> {
    const timezone = this.config.defaultTimezone;
    const period = operationsPeriod(input, timezone, now);
    const [campaigns, automations] = await Promise.all([this.activeCampaigns(period), this.activeAutomations(period)]);
    // Every campaign's report at once, each query grouped by campaign; an automation's restricted report on its own,
    // alongside: the two do not wait for each other (0.1–0.2 s of the page on the console bench's large base).
    const [campaignReports, automationRows] = await Promise.all([
      this.campaignReports.reports(campaigns.map((campaign) => campaign.id)),
      inLanes(
        automations.map(
          (automation) => async () =>
            operationRow('automation', automation.id, await this.automationReports.report(automation.id, period), {
              occurrences: automation.occurrences,
            }),
        ),
        REPORTS_AT_ONCE,
      ),
    ]);
    const campaignRows = campaigns.map((campaign, index) =>
      operationRow('campaign', campaign.id, campaignReports[index], { launched_at: campaign.launched_at }),
    );
    return {
      from: period.from,
      to: period.to,
      timezone,
      tables: operationsTables([...campaignRows, ...automationRows]),
    };
  }

  /** Launched in the period, or a message sent in it (none can be sent before launch or after completion). */
  private activeCampaigns(period: ReportPeriod): Promise<Array<{ id: string; launched_at: Date }>> {
    return queryRows(
      this.dataSource,
      `SELECT c.id, c.launched_at FROM campaigns c
       WHERE c.kind = 'campaign' AND c.launched_at IS NOT NULL AND c.launched_at < $2
         AND (c.launched_at >= $1
              OR ((c.completed_at IS NULL OR c.completed_at >= $1)
                  AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id AND d.sent_at >= $1 AND d.sent_at < $2)))
       ORDER BY c.launched_at, c.name, c.id`,
      [period.start, period.end],
    );
  }

  /** Occurrences due in the period, queued or held out: what the restricted report covers. */
  private activeAutomations(period: ReportPeriod): Promise<Array<{ id: string; occurrences: number }>> {
    return queryRows(
      this.dataSource,
      `SELECT a.id, count(*)::int AS occurrences FROM automations a JOIN automation_occurrences o ON o.automation_id = a.id
       WHERE o.due_at >= $1 AND o.due_at < $2 AND o.outcome IN ('queued', 'holdout')
       GROUP BY a.id, a.name ORDER BY min(o.due_at), a.name, a.id`,
      [period.start, period.end],
    );
  }
}
