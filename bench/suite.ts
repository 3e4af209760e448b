import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gather, markdownTable, type Figure, type Reading } from './suite/figures';
import { drawGrowthChart, type Growth } from './suite/growth-chart';
import { writeTable } from './suite/performance-doc';
import { plan, type Stage } from './suite/stages';

/**
 * `npm run bench` with no name: every benchmark, one after the other, each in a process of its own
 * (as `npm run bench <name>` runs it), at the sizes of `plan()` (`--quick`: a reduced set that
 * finishes in a few minutes). Prints a markdown table at the end and writes
 * `bench-results/<date>-<commit>.json` (every run's raw output, the figures, the growth series)
 * and the growth chart beside it (`--docs`: also the chart into docs/performance-growth.png and the
 * table, with the run it comes from, into docs/performance.md).
 * `--only a,b` runs the named stages only (`npm run bench -- --quick --only render,send`).
 */
const ROOT = path.join(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench-results');

interface StageResult {
  name: string;
  bench: string;
  args: string[];
  seconds: number;
  exit_codes: number[];
  outputs: unknown[];
  error?: string;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** A benchmark's stdout: pretty-printed JSON, or lines of text ending with one JSON line (the console bench). */
export function parseOutput(stdout: string): unknown {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.lastIndexOf('\n{');
    if (start < 0) throw new Error(`no JSON in the output: ${text.slice(-300)}`);
    return JSON.parse(text.slice(start + 1));
  }
}

function runBench(stage: Stage, label: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'run.js'), stage.bench, ...stage.args], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stderr.write(`[${label}] ${line}\n`);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function runStage(stage: Stage): Promise<{ result: StageResult; readings: Reading[][] }> {
  const started = Date.now();
  const result: StageResult = {
    name: stage.name,
    bench: stage.bench,
    args: stage.args,
    seconds: 0,
    exit_codes: [],
    outputs: [],
  };
  const readings: Reading[][] = [];
  for (let run = 1; run <= stage.runs; run++) {
    const { code, stdout } = await runBench(stage, `${stage.name} ${run}/${stage.runs}`);
    result.exit_codes.push(code);
    try {
      const output = parseOutput(stdout);
      result.outputs.push(output);
      readings.push(stage.read(output));
    } catch (error) {
      result.error = `run ${run}: ${(error as Error).message}`;
      process.stderr.write(`bench: ${stage.name}: ${result.error}\n`);
      break;
    }
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  return { result, readings };
}

function growthOf(stages: Stage[], figures: Figure[]): Growth {
  const growth: Growth = { send: [], segment: [] };
  for (const stage of stages) {
    if (!stage.growth) continue;
    const of = (measure: string) => figures.find((f) => f.stage === stage.name && f.measure === measure)?.relance;
    if (stage.growth.series === 'send') {
      const rate = of('e-mails sent through the whole pipeline');
      if (rate)
        growth.send.push({
          size: stage.growth.size,
          value: rate.median,
          rssMb: of('sending worker peak RSS')?.median,
        });
    } else {
      const count = of('segment count');
      if (count) growth.segment.push({ size: stage.growth.size, value: count.median });
    }
  }
  return growth;
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load_average_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function runAll(stages: Stage[]): Promise<{ results: StageResult[]; figures: Figure[] }> {
  const results: StageResult[] = [];
  const figures: Figure[] = [];
  for (const stage of stages) {
    const { result, readings } = await runStage(stage);
    results.push(result);
    figures.push(...gather(stage.name, readings));
  }
  return { results, figures };
}

export async function run(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  const docs = args.includes('--docs');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
  const stages = plan(quick).filter((s) => !only || only.includes(s.name) || only.includes(s.bench));
  const database = process.env.DATABASE_URL
    ? `PostgreSQL server at ${new URL(process.env.DATABASE_URL).host}`
    : 'the embedded PGlite (DATABASE_URL is not set: single-threaded, figures are not representative of a server)';
  const started = Date.now();
  const head = machine();
  process.stderr.write(
    `bench: ${quick ? 'quick' : 'full'} run of ${stages.map((s) => s.name).join(', ')} against ${database}; ${head.cpus} × ${head.cpu_model}, load ${head.load_average_at_start.join(' ')}\n`,
  );
  const { results, figures } = await runAll(stages);
  const growth = growthOf(stages, figures);
  const name = `${new Date().toISOString().slice(0, 10)}-${commit()}${quick ? '-quick' : ''}`;
  fs.mkdirSync(RESULTS, { recursive: true });
  const chart = path.join(RESULTS, `${name}-growth.png`);
  const drawn = growth.send.length + growth.segment.length > 0 && (await drawGrowthChart(growth, chart));
  if (drawn && docs) fs.copyFileSync(chart, path.join(ROOT, 'docs', 'performance-growth.png'));
  const document = {
    date: new Date().toISOString(),
    commit: commit(),
    mode: quick ? 'quick' : 'full',
    database,
    machine: { ...head, load_average_at_end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    seconds: Math.round((Date.now() - started) / 1000),
    figures,
    growth,
    growth_chart: drawn ? path.relative(ROOT, chart) : null,
    stages: results,
  };
  const file = path.relative(ROOT, path.join(RESULTS, `${name}.json`));
  fs.writeFileSync(path.join(ROOT, file), JSON.stringify(document, null, 2) + '\n');
  const table = markdownTable(figures);
  if (docs) writeTable(path.join(ROOT, 'docs', 'performance.md'), document, file, table);
  process.stdout.write(`${table}\n\n`);
  process.stdout.write(
    `${quick ? 'Quick' : 'Full'} run in ${Math.floor(document.seconds / 60)} min ${document.seconds % 60} s against ${database}; results in ${file}\n`,
  );
  const failed = results.filter((r) => r.error || r.outputs.length === 0);
  for (const r of failed) process.stderr.write(`bench: stage ${r.name} gave no figures (${r.error ?? 'no output'})\n`);
  return failed.length ? 1 : 0;
}
