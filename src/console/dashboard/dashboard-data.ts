import { Inject, Injectable } from '@nestjs/common';
import { AutomationUpcoming, UPCOMING_LIMIT } from '../../automations/automation-upcoming';
import { AutomationsService } from '../../automations/automations.service';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { ComplaintQueriesService } from '../../complaints/complaint-queries.service';
import { localDate } from '../../contacts/normalisation/calendar';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { ProgrammeKpisService } from '../../reports/programme-kpis.service';
import type { RunningCampaignInput, UpcomingInput } from './dashboard-activity';
import type { DashboardPeriod, PeriodFieldError } from './dashboard-period';
import { dashboardView } from './dashboard-view';

/** Campaigns in these states are shown with their progress: sending, or stopped half-way. */
const IN_PROGRESS = ['running', 'paused'];
const TREND_MONTHS = 12;

/**
 * Gathers the dashboard's figures from the services the API and the CLI use — `relance kpi` and
 * its monthly series (read together, in one pass), the campaigns' progress, the automations' next
 * sends, the complaints due — all at once, and hands them to the pure view.
 */
@Injectable()
export class DashboardData {
  constructor(
    private readonly kpis: ProgrammeKpisService,
    private readonly campaigns: CampaignsService,
    private readonly automations: AutomationsService,
    private readonly upcoming: AutomationUpcoming,
    private readonly complaints: ComplaintQueriesService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  get timeZone(): string {
    return this.config.defaultTimezone;
  }

  /** Today's date for the company. */
  today(now: Date): string {
    return localDate(now, this.timeZone);
  }

  async view(choice: DashboardPeriod, error: PeriodFieldError | null, now: Date) {
    const { from, to } = choice.period;
    const [{ report, months: trend }, running, upcoming, due] = await Promise.all([
      this.kpis.reportWithMonths({ from, to }, TREND_MONTHS, now),
      this.running(),
      this.nextSends(now),
      this.complaints.due(now),
    ]);
    return dashboardView({
      choice,
      error,
      report,
      trend,
      running,
      upcoming,
      upcomingLimit: UPCOMING_LIMIT,
      due,
      timeZone: this.timeZone,
    });
  }

  /** The campaigns sending or paused, each with its live counts (`relance campaign show`'s progress). */
  async running(): Promise<RunningCampaignInput[]> {
    const campaigns = (await this.campaigns.list()).filter((campaign) => IN_PROGRESS.includes(String(campaign.status)));
    return Promise.all(
      campaigns.map(async (campaign) => {
        const progress = await this.campaigns.progress(String(campaign.id));
        return {
          id: String(campaign.id),
          name: String(campaign.name),
          status: String(progress.status),
          status_reason: (progress.status_reason as string | null) ?? null,
          launched_at: (campaign.launched_at as Date | null) ?? null,
          totals: progress.totals as Record<string, number>,
          steps: progress.steps as Array<{ status: string }>,
        };
      }),
    );
  }

  /** Each automation's messages of the next seven days (`relance automation upcoming`); a paused one sends none. */
  private async nextSends(now: Date): Promise<UpcomingInput[]> {
    const automations = await this.automations.list();
    return Promise.all(
      automations.map(async (automation) => ({
        automation,
        upcoming: automation.status === 'paused' ? null : await this.upcoming.list(automation.id, { at: now, days: 7 }),
      })),
    );
  }
}
