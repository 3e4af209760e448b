import type { Command } from 'commander';
import type { WithApp } from '../core/cli/command-runner';
import { ImportService, type ImportSummary } from './import.service';

function human(summary: ImportSummary): string {
  const lines = [
    `${summary.kind}: ${summary.rows} rows read — ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected (${(summary.duration_ms / 1000).toFixed(1)} s, ${summary.encoding}, separator "${summary.delimiter}")`,
  ];
  for (const error of summary.errors.slice(0, 20)) lines.push(`  line ${error.line}, ${error.field}: ${error.reason}`);
  if (summary.rejected > 20 || summary.errors_truncated)
    lines.push(`  … every error is listed in ${summary.errors_file}`);
  else if (summary.errors_file) lines.push(`  errors report: ${summary.errors_file}`);
  return lines.join('\n');
}

export function registerImportCommand(program: Command, withApp: WithApp): void {
  program
    .command('import <kind> <file>')
    .description('import contacts, purchases or consents from a CSV file (streaming, idempotent upsert)')
    .option('--map <mapping>', 'column mapping, e.g. "Code client=external_id,Fidélité=attr.points,Remarque=-"')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (kind: string, file: string, options: { map?: string; json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const summary = await app.get(ImportService).importFile(kind, file, {
          map: options.map,
          onProgress: ({ bytesRead, bytes, rows }) =>
            io.progress(bytesRead, bytes, `${rows.toLocaleString('fr-FR')} rows`),
        });
        io.endProgress();
        io.result(summary, human);
      });
    });
}
