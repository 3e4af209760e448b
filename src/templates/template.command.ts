import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WithApp } from '../core/cli/command-runner';
import { exitCode } from '../core/cli/exit-code';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import type { LintReport } from './lint/lint-rules';
import { humanLint, readCampaignData } from './template-cli-io';
import { registerTemplateOutputCommands } from './template-output.command';
import { templateToJson } from './template-json';
import { TemplateLibrary } from './template-library';
import { TemplateLintService } from './template-lint.service';
import { TemplatePreviewService, type PreviewResult } from './template-preview.service';
import { TemplatesService } from './templates.service';
import { channelOfPath } from './source/template-definition';

function writePreview(result: PreviewResult, out: string | undefined, home: string): string | undefined {
  if (result.pdf) {
    const file = out ?? path.join(home, 'previews', `${path.basename(result.template).replace(/\.[a-z]+$/, '')}-${result.contact}.pdf`);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, result.pdf);
    return file;
  }
  if (!out) return undefined;
  const content = out.endsWith('.txt') ? result.text : result.channel === 'email' && out.endsWith('.html') ? result.html : JSON.stringify({ ...result, pdf: undefined }, null, 2);
  fs.writeFileSync(out, String(content));
  return out;
}

/** What the CLI prints of a preview: the fields a channel's rendering adds are those read here. */
type PrintedPreview = Pick<PreviewResult, 'channel' | 'template' | 'contact' | 'sample_data' | 'lint'> & {
  file?: string;
  subject?: string;
  preheader?: string;
  text?: string;
  characters?: number;
  encoding?: string;
  segments?: number;
  cost?: { total: number; currency: string };
};

function humanPreview(result: PrintedPreview): string {
  const header = `${result.template} for ${result.sample_data ? 'the sample contact' : `contact ${result.contact}`}`;
  const body =
    result.channel === 'email' ? `Subject: ${result.subject}\nPreheader: ${result.preheader ?? ''}\n\n${result.text}`
    : result.channel === 'sms' ? `${result.text}\n\n(${result.characters} characters, ${result.encoding}, ${result.segments} SMS${result.cost ? `, ${result.cost.total} ${result.cost.currency}` : ''})`
    : String(result.text);
  const file = result.file ? `\nwritten to ${result.file}` : '';
  return `${header}\n\n${body}${file}\n\n${humanLint(result.lint)}`;
}

export function registerTemplateCommands(program: Command, withApp: WithApp): void {
  const template = program.command('template').description('letters, e-mails, SMS and call scripts: lint, preview, store, print');
  addLintCommand(template, withApp);
  addPreviewCommand(template, withApp);
  addListCommand(template, withApp);
  addSaveCommand(template, withApp);
  registerTemplateOutputCommands(template, withApp);
}

function addLintCommand(template: Command, withApp: WithApp): void {
  template
    .command('lint <template>')
    .description('copy and compliance checks (exit 1 when there are errors: they block a launch)')
    .option('--json', 'print {"errors":[…],"warnings":[…]}')
    .action(async (reference: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const snapshot = await app.get(TemplatesService).resolve(reference, { anyFile: true });
        const { report } = await app.get(TemplateLintService).lint(snapshot);
        io.result(report, humanLint);
        if (report.errors.length) exitCode.set(1);
      });
    });
}

function addPreviewCommand(template: Command, withApp: WithApp): void {
  template
    .command('preview <template>')
    .description('renders a template for a contact (sample data without --contact): e-mail, text, SMS, call script or letter PDF')
    .option('--contact <external_id>', 'a contact of the base')
    .option('--data <file.json>', 'a campaign file (or {"sender":…,"data":…}) for the sender and campaign data')
    .option('--out <file>', 'write the letter PDF there (or, for an e-mail, the .html / .txt)')
    .option('--json', 'print the rendering as JSON')
    .action(async (reference: string, options: { contact?: string; data?: string; out?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const campaign = readCampaignData(options.data);
        const result = await app.get(TemplatePreviewService).preview({ template: reference, contact: options.contact, ...campaign, anyFile: true });
        const file = writePreview(result, options.out, app.get<RelanceConfigType>(relanceConfig.KEY).home);
        const { pdf: _pdf, ...printable } = result;
        io.result({ ...printable, ...(file ? { file } : {}) }, humanPreview);
      });
    });
}

function addListCommand(template: Command, withApp: WithApp): void {
  template
    .command('list')
    .description('the library (templates/) and the stored templates')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const stored = (await app.get(TemplatesService).list()).map((item) => templateToJson(item));
        const library = app.get(TemplateLibrary).list();
        io.result({ library, stored }, (value: { library: typeof library; stored: typeof stored }) =>
          [...value.library.map((entry) => `${entry.reference.padEnd(48)} ${entry.channel.padEnd(7)} ${entry.objective ?? '?'}  ${entry.title ?? ''}`),
            ...value.stored.map((entry) => `${String(entry.id)}  ${String(entry.channel).padEnd(7)} v${entry.version}  ${entry.name}`)].join('\n'));
      });
    });
}

function addSaveCommand(template: Command, withApp: WithApp): void {
  template
    .command('save <file>')
    .description('stores a template file as a new template, or as a new version of --id')
    .option('--id <template id>', 'the stored template to update')
    .option('--name <name>', 'its name (default: the file name)')
    .option('--channel <channel>', 'email, letter, sms or phone (default: from the folder)')
    .option('--json', 'JSON output')
    .action(async (file: string, options: { id?: string; name?: string; channel?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        if (!fs.existsSync(file)) throw DomainError.notFound('templates.not_found', `${file}: no such file`);
        const source = fs.readFileSync(file, 'utf8');
        const templates = app.get(TemplatesService);
        const saved = options.id
          ? await templates.update(options.id, { source, name: options.name })
          : await templates.create({ name: options.name ?? path.basename(file), channel: options.channel ?? channelOfPath(path.resolve(file)) ?? '', source });
        io.result({ ...templateToJson(saved.template, saved.version), created_version: saved.created }, (value) =>
          `${value.id} v${value.version}${saved.created ? '' : ' (unchanged)'}\n${humanLint(value.lint as LintReport)}`);
      });
    });
}
