/**
 * The indicators' arithmetic, as docs/kpis.md defines it ("Definitions"). Pure: services
 * gather counts and sums with SQL. Percentages are rounded to 2 decimals; a ratio over
 * nothing is null (not zero: "no orders" is not "no complaints per order").
 */
export const round2 = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

export function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round2((numerator / denominator) * 100) : null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round2(numerator / denominator) : null;
}

export interface DelayStats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** Mean, median and 90th percentile (nearest rank: the smallest value with 90 % of values at or below it). */
export function delayStats(values: number[]): DelayStats {
  if (!values.length) return { count: 0, mean: null, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)];
  return {
    count: sorted.length,
    mean: round2(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    median: round2(median),
    p90: round2(p90),
  };
}

export interface NpsFigures {
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  answers: number;
}

/** NPS = % promoters (9–10) − % detractors (0–6), over every answer; passives are 7–8. */
export function nps(scores: number[]): NpsFigures {
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  const passives = scores.length - promoters - detractors;
  return {
    nps: scores.length ? round2(((promoters - detractors) / scores.length) * 100) : null,
    promoters,
    passives,
    detractors,
    answers: scores.length,
  };
}
