import type { Command } from 'commander';
import * as fs from 'node:fs';
import { commandInput } from '../core/cli/command-input';
import type { WithApp } from '../core/cli/command-runner';
import { DomainError } from '../core/errors/domain-error';
import { SavedSegmentsService } from './saved-segments.service';
import type { SegmentPreview } from './segment-preview';
import { SegmentScoringService, type ScoringReport } from './segment-scoring.service';
import { CreateSegmentDto } from './segments.dto';
import { SegmentsService } from './segments.service';

/** Reads a rule set from a JSON file (`-`: standard input). */
export function readRulesFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw DomainError.invalid('segments.rules_unreadable', `${file}: ${reason}`, { fields: [{ field: file, reason }] });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw DomainError.invalid('segments.rules_not_json', `${file}: not valid JSON (${(error as Error).message})`, {
      fields: [{ field: file, reason: 'not valid JSON' }],
    });
  }
}

function parseAt(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw DomainError.invalid(
      'segments.invalid_at',
      `--at must be an ISO-8601 instant such as 2026-11-24T09:00:00Z (got "${value}")`,
    );
  }
  return date;
}

/** Rules from a file, or a saved segment given by `--segment <id or name>`. */
function sourceOf(file: string | undefined, segment: string | undefined): unknown {
  if ((file === undefined) === (segment === undefined))
    throw DomainError.invalid('segments.no_rules', 'give either a rules file or --segment <id or name>');
  return segment ?? readRulesFile(file!);
}

function humanPreview(preview: SegmentPreview): string {
  const { breakdown } = preview;
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
  const lines = [
    `${preview.count} contacts (scores of ${preview.scored_at?.slice(0, 16) ?? 'never — run `relance segment rescore`'})`,
    `  lifecycle   ${counts(breakdown.lifecycle)}`,
    `  value tier  ${counts(breakdown.value_tier)}`,
    `  regions     ${breakdown.region.map((r) => `${r.region ?? '(none)'} ${r.count}`).join(', ')}${breakdown.other_regions ? `, others ${breakdown.other_regions}` : ''}`,
    ...Object.entries(breakdown.reachability).map(
      ([channel, r]) =>
        `  ${channel.padEnd(11)} ${r.reachable} reachable${Object.keys(r.refused).length ? ` (refused: ${counts(r.refused as Record<string, number>)})` : ''}`,
    ),
    '  sample:',
    ...preview.sample.map(
      (c) =>
        `    ${c.external_id}  ${[c.first_name, c.last_name, c.company_name].filter(Boolean).join(' ')}  ${c.city ?? ''}  ${c.lifecycle ?? ''} ${c.value_tier ?? ''}`,
    ),
  ];
  return lines.join('\n');
}

function humanScoring(report: ScoringReport): string {
  return (
    `scores of ${report.contacts} contacts as of ${report.as_of} (${report.changed} changed, ${(report.duration_ms / 1000).toFixed(1)} s): ` +
    `${Object.entries(report.lifecycle)
      .map(([stage, n]) => `${stage} ${n}`)
      .join(
        ', ',
      )}; top ${report.value_tier.top}, core ${report.value_tier.core}, tail ${report.value_tier.tail}; silent ${report.silent}`
  );
}

type Options = { json?: boolean; segment?: string; at?: string };

export function registerSegmentCommands(program: Command, withApp: WithApp): void {
  const segment = program
    .command('segment')
    .description('segments: count, preview, save, snapshot, and the scores they use');
  addCountCommand(segment, withApp);
  addPreviewCommand(segment, withApp);
  addSnapshotCommand(segment, withApp);
  addRescoreCommand(segment, withApp);
  addSaveCommand(segment, withApp);
  addListCommand(segment, withApp);
  addDeleteCommand(segment, withApp);
}

function addCountCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('count [rules.json]')
    .description('how many contacts a rule set (or --segment) selects')
    .option('--segment <name-or-id>', 'a saved segment instead of a rules file')
    .option('--at <ISO-8601>', 'evaluate as of this instant (default: now)')
    .option('--json', 'print {"count":n}')
    .action(async (file: string | undefined, options: Options) => {
      const source = sourceOf(file, options.segment);
      await withApp(options, async (app, io) => {
        const count = await app.get(SegmentsService).count(source, { now: parseAt(options.at) });
        io.result({ count }, () => `${count} contacts`);
      });
    });
}

function addPreviewCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('preview [rules.json]')
    .description('count, sample of 20 and breakdown by lifecycle, value tier, region and reachability per channel')
    .option('--segment <name-or-id>', 'a saved segment instead of a rules file')
    .option('--at <ISO-8601>', 'evaluate as of this instant (default: now)')
    .option('--json', 'JSON output')
    .action(async (file: string | undefined, options: Options) => {
      const source = sourceOf(file, options.segment);
      await withApp(options, async (app, io) =>
        io.result(await app.get(SegmentsService).preview(source, { now: parseAt(options.at) }), humanPreview),
      );
    });
}

function addSnapshotCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('snapshot [rules.json]')
    .description('freeze the contacts a rule set (or --segment) selects now; prints the snapshot id')
    .option('--segment <name-or-id>', 'a saved segment instead of a rules file')
    .option('--label <text>', 'a label for the snapshot')
    .option('--at <ISO-8601>', 'evaluate as of this instant (default: now)')
    .option('--json', 'print {"id","count",…}')
    .action(async (file: string | undefined, options: Options & { label?: string }) => {
      const source = sourceOf(file, options.segment);
      await withApp(options, async (app, io) => {
        const snapshot = await app
          .get(SegmentsService)
          .snapshot(source, { now: parseAt(options.at), label: options.label, createdBy: 'cli' });
        io.result(snapshot, (s: typeof snapshot) => `snapshot ${s.id}: ${s.count} contacts`);
      });
    });
}

function addRescoreCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('rescore')
    .description(
      'recompute RFM scores, value tiers, lifecycle stages and silent clients for the whole base (also nightly)',
    )
    .option('--at <ISO-8601>', 'compute as of this instant (default: now)')
    .option('--json', 'JSON output')
    .action(async (options: Options) => {
      await withApp(options, async (app, io) =>
        io.result(await app.get(SegmentScoringService).rescore({ now: parseAt(options.at) }), humanScoring),
      );
    });
}

function addSaveCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('save <name> <rules.json>')
    .description('save a rule set under a name (updates the segment of that name if it exists)')
    .option('--description <text>', 'what the segment is for')
    .option('--json', 'JSON output')
    .action(async (name: string, file: string, options: { description?: string; json?: boolean }) => {
      const input = commandInput(
        CreateSegmentDto,
        { name, description: options.description, rules: readRulesFile(file) },
        'segments.invalid',
        {
          name: '<name>',
          description: '--description',
          rules: '<rules.json>',
        },
      );
      await withApp(options, async (app, io) => {
        const saved = app.get(SavedSegmentsService);
        const existing = (await saved.list()).find((s) => s.name.toLowerCase() === input.name.trim().toLowerCase());
        const result = existing
          ? await saved.update(existing.id, { rules: input.rules, description: input.description })
          : await saved.create(input, 'cli');
        io.result(result, (s: typeof result) => `segment "${s.name}" ${existing ? 'updated' : 'saved'} (${s.id})`);
      });
    });
}

function addListCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('list')
    .description('saved segments')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const segments = await app.get(SavedSegmentsService).list();
        io.result(
          segments,
          (list: typeof segments) =>
            list.map((s) => `${s.id}  ${s.name}${s.description ? ` — ${s.description}` : ''}`).join('\n') ||
            'no saved segment',
        );
      });
    });
}

function addDeleteCommand(segment: Command, withApp: WithApp): void {
  segment
    .command('delete <name-or-id>')
    .description('delete a saved segment (its snapshots stay)')
    .option('--json', 'JSON output')
    .action(async (idOrName: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) =>
        io.result(
          await app.get(SavedSegmentsService).remove(idOrName),
          (r: { id: string }) => `segment ${r.id} deleted`,
        ),
      );
    });
}
