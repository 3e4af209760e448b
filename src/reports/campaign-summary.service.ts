import { Inject, Injectable } from '@nestjs/common';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { CampaignReportService } from './campaign-report.service';
import { campaignSummary, type CampaignSummary } from './campaign-summary';
import { campaignSummaryPdf } from './campaign-summary-pdf';
import { CampaignTimelineService } from './campaign-timeline.service';

/**
 * The bilan de campagne: the campaign report and its daily series, with the campaign's
 * objective, dates and steps, as a two-page A4 PDF (`relance campaign report <id> --pdf`,
 * `GET /api/v1/campaigns/:id/report.pdf`, the console's `/campagnes/:id/bilan.pdf`).
 */
@Injectable()
export class CampaignSummaryService {
  constructor(
    private readonly reports: CampaignReportService,
    private readonly timeline: CampaignTimelineService,
    private readonly campaigns: CampaignsRepository,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async summary(id: string, printedAt = new Date()): Promise<CampaignSummary> {
    const campaign = await this.campaigns.get(id); // first: an unknown id is refused by it, as before
    const [report, daily, steps] = await Promise.all([
      this.reports.report(id),
      this.timeline.daily(id),
      this.campaigns.steps(id),
    ]);
    return campaignSummary({
      report,
      campaign: {
        objective: campaign.objective,
        created_at: campaign.created_at,
        launched_at: campaign.launched_at,
        completed_at: campaign.completed_at,
        attribution_days: campaign.attribution_days,
        margin_rate: campaign.margin_rate === null ? null : Number(campaign.margin_rate),
        holdout_percent: Number(campaign.holdout_percent),
        fixed_cost: campaign.definition.costs.fixed,
        steps: steps.map((step) => ({
          position: step.position,
          channel: step.channel,
          dispatched_at: step.dispatched_at,
          due_at: step.due_at,
        })),
      },
      daily,
      timeZone: this.config.defaultTimezone,
      printedAt,
    });
  }

  /** The PDF file's bytes. */
  async pdf(id: string, printedAt = new Date()): Promise<Buffer> {
    return campaignSummaryPdf(await this.summary(id, printedAt), printedAt);
  }
}
