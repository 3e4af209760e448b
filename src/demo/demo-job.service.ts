import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CampaignWaiter } from '../campaigns/campaign-waiter';
import { CampaignsService } from '../campaigns/campaigns.service';
import { LaunchCampaign } from '../campaigns/launch-campaign.use-case';
import { PurchasesRepository } from '../contacts/purchases.repository';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { ImportService } from '../imports/import.service';
import { CampaignReportService, type CampaignReport } from '../reports/campaign-report.service';
import { ResponsesService } from '../responses/responses.service';
import { demoCampaigns, type DemoCampaign, type DemoCampaignKey } from './demo-campaigns';
import { simulateReturns, type AudienceMember } from './demo-returns';
import { ACCEPTED, sqlStates } from '../deliveries/delivery-state';

export interface DemoCampaignRun {
  key: DemoCampaignKey;
  id: string;
  name: string;
  outputs: string[];
  returns: { coupons: number; opt_outs: number; purchases: number; purchases_with_code: number };
}

/** Timestamps the engine sets from the clock, per table of a campaign's records. */
const CLOCK_COLUMNS: Array<{ table: string; key: string; columns: string[] }> = [
  { table: 'campaigns', key: 'id', columns: ['created_at', 'updated_at', 'launched_at', 'completed_at'] },
  { table: 'campaign_steps', key: 'campaign_id', columns: ['due_at', 'planned_at', 'dispatched_at'] },
  { table: 'campaign_audience', key: 'campaign_id', columns: ['added_at'] },
  { table: 'campaign_events', key: 'campaign_id', columns: ['at'] },
  {
    table: 'deliveries',
    key: 'campaign_id',
    columns: ['created_at', 'updated_at', 'sent_at', 'delivered_at', 'next_attempt_at'],
  },
  { table: 'print_batches', key: 'campaign_id', columns: ['created_at'] },
];

/**
 * The main job, played on the demo base: the two campaigns launched and dispatched by the real
 * engine (consent, exclusions, holdout, print batch, outbox), then the weeks after them —
 * coupons recorded through the responses service, purchases imported with and without response
 * codes — and the campaign reports.
 *
 * The story happens six weeks ago, so that the weeks after the send are in the past and can be
 * imported like any purchase file. The engine sends now; once a campaign is dispatched its
 * records are dated back to the send day (every clock timestamp moved by the same amount).
 */
@Injectable()
export class DemoJobService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly launcher: LaunchCampaign,
    private readonly waiter: CampaignWaiter,
    private readonly imports: ImportService,
    private readonly responses: ResponsesService,
    private readonly reports: CampaignReportService,
    private readonly purchases: PurchasesRepository,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async run(options: {
    seed: number;
    sendDay: Date;
    today: Date;
    directory: string;
    onStep: (message: string) => void;
    onProgress?: (done: number, total: number) => void;
  }): Promise<{ runs: DemoCampaignRun[]; reports: CampaignReport[] }> {
    const runs: DemoCampaignRun[] = [];
    const plans = demoCampaigns(options.seed, options.sendDay);
    await this.replacePreviousRun(
      plans.map((p) => p.id),
      options.onStep,
    );
    for (const plan of plans) runs.push(await this.send(plan, options));
    for (const run of runs) run.returns = await this.simulate(run, options);
    const reports: CampaignReport[] = [];
    for (const run of runs) reports.push(await this.reports.report(run.id));
    return { runs, reports };
  }

  /**
   * Running the demo again replaces what it made itself — its two campaigns (same ids) and its
   * simulated purchases (order ids DEMO-…). Consent withdrawals ticked on the previous run's
   * coupons stay: the ledger is append-only. So a second run on the same database can differ a
   * little from the first; a fresh RELANCE_HOME gives the reference figures.
   */
  private async replacePreviousRun(ids: string[], onStep: (message: string) => void): Promise<void> {
    const [{ n }] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM campaigns WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    if (!n) return;
    onStep(
      'replacing the previous demo run on this database (its campaigns and simulated purchases; the consent ledger keeps its withdrawals, so figures may differ slightly from a first run)',
    );
    await this.dataSource.transaction(async (manager) => {
      await this.purchases.deleteByOrderPrefix(manager, ['DEMO-LETTER-', 'DEMO-WINBACK-']);
      await manager.query(`DELETE FROM campaigns WHERE id = ANY($1::uuid[])`, [ids]);
    });
  }

  private async send(plan: DemoCampaign, options: Parameters<DemoJobService['run']>[0]): Promise<DemoCampaignRun> {
    const name = plan.definition.name as string;
    await this.campaigns.create(plan.definition, { id: plan.id });
    const startedAt = new Date();
    const launched = await this.launcher.execute(plan.id, options.sendDay);
    options.onStep(
      `${name}: ${launched.audience.segment} in the segment, ${launched.audience.targeted} targeted, ${launched.audience.holdout} held out, ${Object.values(launched.audience.excluded).reduce((a, b) => a + b, 0)} excluded`,
    );
    await this.waiter.untilDispatched(plan.id, (done, total) => options.onProgress?.(done, total));
    await this.dateBack(plan.id, startedAt.getTime() - options.sendDay.getTime(), options.sendDay);
    const outputs: string[] =
      plan.key === 'letter'
        ? (
            await queryRows<{ pdf_path: string; manifest_path: string }>(
              this.dataSource,
              `SELECT pdf_path, manifest_path FROM print_batches WHERE campaign_id = $1 ORDER BY created_at`,
              [plan.id],
            )
          ).flatMap((b) => [b.pdf_path, b.manifest_path])
        : [path.join(this.config.home, 'outbox')];
    return {
      key: plan.key,
      id: plan.id,
      name,
      outputs,
      returns: { coupons: 0, opt_outs: 0, purchases: 0, purchases_with_code: 0 },
    };
  }

  /** Moves the timestamps the clock set during the send (later than the send day) back by `shiftMs`. */
  private async dateBack(campaignId: string, shiftMs: number, sendDay: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const { table, key, columns } of CLOCK_COLUMNS) {
        const sets = columns.map(
          (column) =>
            `${column} = CASE WHEN ${column} > $2 THEN ${column} - make_interval(secs => $3) ELSE ${column} END`,
        );
        await manager.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${key} = $1`, [
          campaignId,
          sendDay,
          shiftMs / 1000,
        ]);
      }
    });
  }

  private async simulate(
    run: DemoCampaignRun,
    options: Parameters<DemoJobService['run']>[0],
  ): Promise<DemoCampaignRun['returns']> {
    const [{ currency }] = await queryRows<{ currency: string }>(
      this.dataSource,
      `SELECT currency FROM campaigns WHERE id = $1`,
      [run.id],
    );
    const audience = await queryRows<AudienceMember>(
      this.dataSource,
      `SELECT c.external_id, a.audience_group AS "group", d.response_code,
              coalesce((SELECT avg(p.amount) FROM purchases p WHERE p.contact_id = c.id AND p.currency = $2 AND p.ordered_at < $3), 380)::float8 AS usual_basket
       FROM campaign_audience a JOIN contacts c ON c.id = a.contact_id
       LEFT JOIN deliveries d ON d.campaign_id = a.campaign_id AND d.contact_id = a.contact_id AND d.state IN (${sqlStates(ACCEPTED)})
       WHERE a.campaign_id = $1 AND a.audience_group IN ('treatment', 'holdout')
       ORDER BY c.external_id`,
      [run.id, currency, options.sendDay],
    );
    const returns = simulateReturns(run.key, audience, {
      seed: options.seed,
      sentAt: options.sendDay,
      until: options.today,
      currency,
    });
    for (const coupon of returns.coupons) {
      await this.responses.record({
        kind: 'coupon',
        code: coupon.code,
        value: coupon.answer,
        receivedAt: coupon.received_at,
        source:
          run.key === 'letter' ? 'demo: reply coupon received by post' : 'demo: voucher claimed on the response page',
        details: { choices: [coupon.answer], opt_out: coupon.opt_out },
      });
    }
    const file = path.join(options.directory, `returns-${run.key}.csv`);
    fs.writeFileSync(file, returns.purchasesCsv);
    const imported = await this.imports.importFile('purchases', file);
    if (imported.rejected) throw new Error(`demo returns rejected: ${JSON.stringify(imported.errors.slice(0, 3))}`);
    options.onStep(
      `${run.name}: ${returns.coupons.length} coupons recorded, ${returns.purchases} purchases imported from ${file} (${returns.purchasesWithCode} with a response code)`,
    );
    return {
      coupons: returns.coupons.length,
      opt_outs: returns.coupons.filter((c) => c.opt_out).length,
      purchases: returns.purchases,
      purchases_with_code: returns.purchasesWithCode,
    };
  }
}
