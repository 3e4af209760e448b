import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { commandInput, numberOption } from '../core/cli/command-input';
import type { CliIo } from '../core/cli/cli-io';
import type { WithApp } from '../core/cli/command-runner';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { CallListService, type CallListRow } from './phone/call-list.service';
import { readCampaignData } from './template-cli-io';
import { TemplateDataService } from './template-data.service';
import { TemplateRenderService } from './template-render.service';
import { TemplatesService } from './templates.service';
import { versionToJson } from './template-json';
import { CallListDto, PrintBatchDto } from './template.dto';

function list(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined;
}

function humanCalls(rows: CallListRow[]): string {
  return rows
    .map((row) => `${String(row.priority).padStart(4)}  ${row.value_tier.padEnd(4)}  ${row.phone.padEnd(14)} ${row.best_day} ${row.best_time_from}–${row.best_time_to}  ${row.name ?? ''}${row.company_name ? ` (${row.company_name})` : ''}`)
    .join('\n');
}

/** Commands that produce what is sent: the call list and a print batch of letters; and pinning a version. */
export function registerTemplateOutputCommands(template: Command, withApp: WithApp): void {
  addCallsCommand(template, withApp);
  addPrintCommand(template, withApp);
  addPinCommand(template, withApp);
}

function addCallsCommand(template: Command, withApp: WithApp): void {
  template
    .command('calls [template]')
    .description('the call list: priority by value tier, best time to call; with a phone template, each contact\'s script')
    .option('--contact <ids>', 'comma-separated external ids (default: every contact with a phone number)')
    .option('--limit <n>', 'at most n contacts (1 to 100000, default 10000)')
    .option('--data <file.json>', 'a campaign file for the sender and campaign data of the scripts')
    .option('--csv <file>', 'also write the list as CSV')
    .option('--json', 'JSON output')
    .action(async (reference: string | undefined, options: { contact?: string; limit?: string; data?: string; csv?: string; json?: boolean }) => {
      const selection = commandInput(CallListDto, { external_ids: list(options.contact), limit: numberOption(options.limit) }, 'templates.invalid', { external_ids: '--contact', limit: '--limit' });
      await withApp(options, async (app, io) => {
        const snapshot = reference ? await app.get(TemplatesService).resolve(reference, { anyFile: true }) : undefined;
        const campaign = readCampaignData(options.data);
        const calls = app.get(CallListService);
        const rows = await calls.build({ externalIds: selection.external_ids, limit: selection.limit, template: snapshot, sender: campaign.sender, campaignData: campaign.data });
        if (options.csv) fs.writeFileSync(options.csv, calls.toCsv(rows));
        io.result(rows, humanCalls);
      });
    });
}

interface PrintOptions {
  contact?: string;
  limit?: string;
  data?: string;
  out?: string;
  duplex?: boolean;
  json?: boolean;
}

function addPrintCommand(template: Command, withApp: WithApp): void {
  template
    .command('print <template>')
    .description('a print batch: the letters merged into one PDF sorted by postal code, with manifest.csv')
    .option('--contact <ids>', 'comma-separated external ids (default: every contact with a postal address)')
    .option('--limit <n>', 'at most n letters (1 to 1000000)')
    .option('--data <file.json>', 'a campaign file for the sender and campaign data')
    .option('--out <directory>', 'where to write letters.pdf and manifest.csv (default: $RELANCE_HOME/letters/print-<date>)')
    .option('--duplex', 'start every letter on an odd page (two-sided printing)')
    .option('--json', 'JSON output')
    .action(async (reference: string, options: PrintOptions) => {
      const selection = commandInput(PrintBatchDto, { external_ids: list(options.contact), limit: numberOption(options.limit) }, 'templates.invalid', { external_ids: '--contact', limit: '--limit' });
      await withApp(options, (app, io) => printLetters(app, io, reference, selection, options));
    });
}

async function printLetters(app: INestApplicationContext, io: CliIo, reference: string, selection: PrintBatchDto, options: PrintOptions): Promise<void> {
  const snapshot = await app.get(TemplatesService).resolve(reference, { anyFile: true });
  const campaign = readCampaignData(options.data);
  const renderer = app.get(TemplateRenderService);
  const prepared = await renderer.prepare(snapshot, { sender: campaign.sender });
  let ids = selection.external_ids;
  if (!ids) {
    const rows: Array<{ external_id: string }> = await app.get(DataSource).query(
      `SELECT external_id FROM contacts WHERE address_line1 IS NOT NULL AND city IS NOT NULL ORDER BY external_id LIMIT $1`,
      [selection.limit ?? 1_000_000],
    );
    ids = rows.map((row) => row.external_id);
  }
  const contacts = await app.get(TemplateDataService).load(ids.slice(0, selection.limit ?? ids.length));
  // Outside a campaign there is no delivery, hence no response code: the manifest's sequence stands in.
  const recipients = contacts.map(({ contact, purchases }, index) => ({
    external_id: String(contact.external_id),
    data: renderer.recipientData(contact, { sender: campaign.sender ?? {}, campaign: { data: campaign.data ?? {} }, purchases, responseCode: `P${String(index + 1).padStart(6, '0')}` }),
  }));
  const home = app.get<RelanceConfigType>(relanceConfig.KEY).home;
  const directory = options.out ?? path.join(home, 'letters', `print-${new Date().toISOString().slice(0, 10)}`);
  const result = await renderer.renderLetterBatch(prepared, recipients, { directory, duplex: options.duplex });
  io.result(result, (value: typeof result) => `${value.letters} letters, ${value.pages} pages: ${value.pdf}\nmanifest: ${value.manifest}${value.skipped.length ? `\n${value.skipped.length} skipped (address): ${value.skipped.slice(0, 10).map((skip) => `${skip.external_id} (${skip.reasons.join(', ')})`).join('; ')}` : ''}`);
}

function addPinCommand(template: Command, withApp: WithApp): void {
  template
    .command('pin <template>')
    .description('the version a campaign would launch with (stores a library file as a versioned template)')
    .option('--json', 'JSON output')
    .action(async (reference: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const { snapshot, version } = await app.get(TemplatesService).pin(reference);
        io.result({ template_id: snapshot.templateId, reference: snapshot.reference, ...versionToJson(version) }, () => `${snapshot.reference}: version ${version.version} (${version.id})`);
      });
    });
}
