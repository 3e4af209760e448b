import * as fs from 'node:fs';

/**
 * `npm run bench -- --docs` writes its table into docs/performance.md between two markers, with
 * the line that says where and when it was measured, so that the figures there always come from
 * one run of committed code (the commit is in the line and in the results file it names). The
 * text around the markers — the limits of each stage, how to reproduce — is written by hand.
 */
export const TABLE_START = '<!-- bench:table:start -->';
export const TABLE_END = '<!-- bench:table:end -->';

/** What the results file says of its run (bench-results/<date>-<commit>.json). */
export interface RunHeading {
  mode: string;
  date: string;
  commit: string;
  database: string;
  machine: { cpus: number; cpu_model?: string; load_average_at_start: number[]; load_average_at_end: number[] };
  seconds: number;
}

export function runSentence(run: RunHeading, resultsFile: string): string {
  const minutes = `${Math.floor(run.seconds / 60)} min ${run.seconds % 60} s`;
  const { machine } = run;
  return (
    `${run.mode === 'full' ? 'Full' : 'Quick'} run of commit \`${run.commit}\` on ${run.date.slice(0, 10)}, ` +
    `${machine.cpus} × ${machine.cpu_model ?? 'CPU'}, against the ${run.database}; load average ` +
    `${machine.load_average_at_start.join(' ')} at the start and ${machine.load_average_at_end.join(' ')} at the end; ` +
    `${minutes}; every run's output in \`${resultsFile}\`.`
  );
}

/** The document with the block between the markers replaced; refuses a document without them. */
export function withTable(document: string, run: RunHeading, resultsFile: string, table: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/performance.md: the markers ${TABLE_START} … ${TABLE_END} are missing`);
  const block = `${TABLE_START}\n${runSentence(run, resultsFile)}\n\n${table}\n`;
  return document.slice(0, start) + block + document.slice(end);
}

export function writeTable(file: string, run: RunHeading, resultsFile: string, table: string): void {
  fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8'), run, resultsFile, table));
}
