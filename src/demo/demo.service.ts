import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ContactsService } from '../contacts/contacts.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { ImportService, type ImportSummary } from '../imports/import.service';
import { generateDemoBase } from './demo-base';

export interface DemoReport {
  files: { contacts: string; purchases: string };
  imports: { contacts: ImportSummary; purchases: ImportSummary };
  base: Record<string, unknown>;
  pareto: Array<{ currency: string; clients: number; top_20_percent_revenue_share: number }>;
}

export interface DemoOptions {
  contacts?: number;
  seed?: number;
  now?: Date;
  onStep?: (message: string) => void;
}

/**
 * `relance demo`: a realistic demo company, imported through the same CSV path users take,
 * then a summary of the base. Later steps (campaigns, automations, reports) extend it.
 */
@Injectable()
export class DemoService {
  constructor(
    private readonly imports: ImportService,
    private readonly contacts: ContactsService,
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async run(options: DemoOptions = {}): Promise<DemoReport> {
    const step = options.onStep ?? (() => undefined);
    const directory = path.join(this.config.home, 'demo');
    fs.mkdirSync(directory, { recursive: true });
    step('generating the demo company: French and Moroccan clients, prospects and two years of purchases');
    const base = generateDemoBase({ contacts: options.contacts ?? 5000, seed: options.seed ?? 2026, now: options.now ?? new Date() });
    const files = { contacts: path.join(directory, 'contacts.csv'), purchases: path.join(directory, 'purchases.csv') };
    fs.writeFileSync(files.contacts, base.contactsCsv);
    fs.writeFileSync(files.purchases, base.purchasesCsv);
    step(`importing ${base.contacts} contacts and ${base.purchases} purchases from ${directory}`);
    const contacts = await this.imports.importFile('contacts', files.contacts);
    const purchases = await this.imports.importFile('purchases', files.purchases);
    return { files, imports: { contacts, purchases }, base: await this.contacts.counts(), pareto: await this.pareto() };
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
    return rows.map((row) => ({ currency: row.currency, clients: row.clients, top_20_percent_revenue_share: Number(row.share) }));
  }
}
