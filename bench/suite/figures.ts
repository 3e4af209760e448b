/**
 * The figures of `npm run bench` (no name): each measure of each run of a stage, gathered into a
 * median with its min and max, and each comparison with a peer as a ratio taken run by run (the
 * two sides measured in the same run, on the same machine at the same moment), never as the
 * ratio of two medians measured at different times.
 */

/** Which way is better for a measure: more messages per second, or fewer milliseconds. */
export type Better = 'higher' | 'lower';

/** One measure read from one run of a stage, with its peer's figure from the same run when there is one. */
export interface Reading {
  measure: string;
  unit: string;
  better: Better;
  relance: number;
  peer?: { name: string; value: number };
  /** Whether relance is the better of the two, as `relance / peer` (higher) or `peer / relance` (lower). */
  target?: string;
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface Figure {
  stage: string;
  measure: string;
  unit: string;
  better: Better;
  relance: Stats;
  peer?: { name: string; value: Stats };
  /** relance ÷ peer for "higher is better", peer ÷ relance for "lower is better": above 1, relance is ahead. */
  ratio?: Stats;
  target?: string;
}

export function stats(values: number[]): Stats {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** The advantage of relance over its peer in one run: above 1, relance is ahead. */
export function advantage(reading: Reading): number | undefined {
  if (!reading.peer || !reading.peer.value || !reading.relance) return undefined;
  return reading.better === 'higher' ? reading.relance / reading.peer.value : reading.peer.value / reading.relance;
}

/** Groups the readings of every run of a stage by measure. */
export function gather(stage: string, runs: Reading[][]): Figure[] {
  const measures = new Map<string, Reading[]>();
  for (const run of runs)
    for (const reading of run) measures.set(reading.measure, [...(measures.get(reading.measure) ?? []), reading]);
  return [...measures.values()].map((readings) => {
    const [first] = readings;
    const peers = readings.filter((r) => r.peer);
    const ratios = readings.map(advantage).filter((r): r is number => r !== undefined);
    return {
      stage,
      measure: first.measure,
      unit: first.unit,
      better: first.better,
      relance: stats(readings.map((r) => r.relance)),
      ...(peers.length ? { peer: { name: peers[0].peer!.name, value: stats(peers.map((r) => r.peer!.value)) } } : {}),
      ...(ratios.length ? { ratio: stats(ratios) } : {}),
      ...(first.target ? { target: first.target } : {}),
    };
  });
}

function round(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function range(s: Stats): string {
  if (s.runs <= 1) return round(s.median);
  return `${round(s.median)} (${round(s.min)}–${round(s.max)})`;
}

/** The table printed at the end of the run and pasted into docs/performance.md. */
export function markdownTable(figures: Figure[]): string {
  const lines = [
    '| stage | measure | relance median (min–max) | peer | peer median (min–max) | relance ahead by (same run) | target |',
    '|---|---|---:|---|---:|---:|---|',
  ];
  for (const f of figures)
    lines.push(
      `| ${f.stage} | ${f.measure} (${f.unit}) | ${range(f.relance)} | ${f.peer?.name ?? ''} | ${f.peer ? range(f.peer.value) : ''} | ${f.ratio ? `×${range(f.ratio)}` : ''} | ${f.target ?? ''} |`,
    );
  return lines.join('\n');
}
