import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ContactsService } from '../contacts/contacts.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ImportService, type ImportSummary } from '../imports/import.service';
import { SegmentScoringService, type ScoringReport } from '../segments/segment-scoring.service';
import type { CampaignReport } from '../reports/campaign-report.service';
import { generateDemoBase } from './demo-base';
import { generateDemoConsents, type ConsentCandidate } from './demo-consents';
import { DemoJobService, type DemoCampaignRun } from './demo-job.service';

/** The campaigns are sent this many days before today; the returns fill the days since. */
export const DEMO_WEEKS_AGO = 6;

export interface DemoReport {
  files: { contacts: string; purchases: string; consents: string };
  imports: { contacts: ImportSummary; purchases: ImportSummary; consents: ImportSummary };
  send_day: string;
  scores: ScoringReport;
  consents: Record<string, Record<string, number>>;
  campaigns: DemoCampaignRun[];
  /** The campaign reports (docs/campaigns.md), one per demo campaign. */
  reports: CampaignReport[];
  base: Record<string, unknown>;
  pareto: Array<{ currency: string; clients: number; top_20_percent_revenue_share: number }>;
}

export interface DemoOptions {
  contacts?: number;
  seed?: number;
  now?: Date;
  onStep?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `relance demo`: a realistic demo company, imported through the same CSV path users take
 * (contacts, purchases, consents with their proof), scored, then the main job — a loyalty
 * letter to the best clients and a win-back e-mail to the silent ones, with holdouts — and the
 * weeks after it, ending with the campaign reports. Deterministic for a given seed.
 */
@Injectable()
export class DemoService {
  constructor(
    private readonly imports: ImportService,
    private readonly contacts: ContactsService,
    private readonly scoring: SegmentScoringService,
    private readonly job: DemoJobService,
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async run(options: DemoOptions = {}): Promise<DemoReport> {
    const step = options.onStep ?? (() => undefined);
    const seed = options.seed ?? 2026;
    const today = options.now ?? new Date();
    const sendDay = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - DEMO_WEEKS_AGO * 7, 9),
    );
    const directory = path.join(this.config.home, 'demo');
    fs.mkdirSync(directory, { recursive: true });
    step(
      `generating the demo company as it was on ${sendDay.toISOString().slice(0, 10)}: French and Moroccan clients, prospects and two years of purchases`,
    );
    const base = generateDemoBase({ contacts: options.contacts ?? 5000, seed, now: sendDay });
    const files = {
      contacts: path.join(directory, 'contacts.csv'),
      purchases: path.join(directory, 'purchases.csv'),
      consents: path.join(directory, 'consents.csv'),
    };
    fs.writeFileSync(files.contacts, base.contactsCsv);
    fs.writeFileSync(files.purchases, base.purchasesCsv);
    step(`importing ${base.contacts} contacts and ${base.purchases} purchases from ${directory}`);
    const contacts = await this.imports.importFile('contacts', files.contacts);
    const purchases = await this.imports.importFile('purchases', files.purchases);

    step(
      'recording the consents collected over the years (ticked boxes, double opt-in, terms of sale only, withdrawals), each with its wording',
    );
    const candidates: ConsentCandidate[] = await this.dataSource.query(
      `SELECT external_id, type, email IS NOT NULL AS has_email, phone IS NOT NULL AS has_phone FROM contacts WHERE external_id ~ '^C[0-9]+$' ORDER BY external_id`,
    );
    fs.writeFileSync(files.consents, generateDemoConsents(candidates, { seed, before: sendDay }).csv);
    const consents = await this.imports.importFile('consents', files.consents);

    step('scoring the base: RFM, value tiers, lifecycle stages, silent clients');
    const scores = await this.scoring.rescore({ now: sendDay });
    step(
      `the main job, sent on ${sendDay.toISOString().slice(0, 10)} (${DEMO_WEEKS_AGO} weeks ago), then the weeks since`,
    );
    const { runs, reports } = await this.job.run({
      seed,
      sendDay,
      today,
      directory,
      onStep: step,
      onProgress: options.onProgress,
    });
    await this.tidy();
    return {
      files,
      imports: { contacts, purchases, consents },
      send_day: sendDay.toISOString(),
      base: await this.contacts.counts(),
      pareto: await this.pareto(),
      scores,
      consents: await this.consentStates(),
      campaigns: runs,
      reports,
    };
  }

  /**
   * The demo has just filled most tables of its database and sent its campaigns (each delivery
   * rewritten as it went from planned to sent): the dead row versions are cleared and the planner
   * statistics refreshed at once, as autovacuum would later (see analyzeTables), so the console
   * and reports answer fast from the first page.
   */
  private async tidy(): Promise<void> {
    await this.dataSource.query('VACUUM (ANALYZE)');
  }

  /** Effective consent states per channel over the demo base (what the ledger now says). */
  private async consentStates(): Promise<DemoReport['consents']> {
    const rows: Array<{ channel: string; status: string; method: string; n: number }> = await this.dataSource.query(
      `SELECT channel, status, method, count(*)::int AS n FROM consent_states WHERE channel <> 'tracking' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const states: DemoReport['consents'] = {};
    for (const row of rows) (states[row.channel] ??= {})[`${row.status}:${row.method}`] = row.n;
    return states;
  }

  /** Share of revenue made by the best 20 % of buyers, per currency: the "all clients are not equal" check. */
  private async pareto(): Promise<DemoReport['pareto']> {
    const rows: Array<{ currency: string; clients: number; share: string }> = await this.dataSource.query(`
      WITH per_client AS (
        SELECT currency, contact_id, sum(amount) AS revenue FROM purchases GROUP BY currency, contact_id
      ), ranked AS (
        SELECT currency, revenue, row_number() OVER (PARTITION BY currency ORDER BY revenue DESC) AS rank,
               count(*) OVER (PARTITION BY currency) AS clients
        FROM per_client
      )
      SELECT currency, max(clients)::int AS clients,
             round(100 * sum(revenue) FILTER (WHERE rank <= ceil(clients * 0.2)) / sum(revenue), 1)::text AS share
      FROM ranked GROUP BY currency ORDER BY currency`);
    return rows.map((row) => ({
      currency: row.currency,
      clients: row.clients,
      top_20_percent_revenue_share: Number(row.share),
    }));
  }
}
