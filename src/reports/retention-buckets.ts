/**
 * The stretches of time a retention series reads purchases in. Each period has three bounds —
 * `activeFrom` (365 days before its start), `start` and `end` — and every bound of every period
 * cuts time into stretches; a purchase's stretch (SQL `width_bucket` over `thresholds`) says, as
 * bits, for which periods the purchase makes its client active at the start (`active`: within
 * [activeFrom, start)) and for which it is a purchase in the period (`bought`: within [start, end)).
 * Pure.
 */
export interface RetentionWindow {
  activeFrom: Date;
  start: Date;
  end: Date;
}

export interface RetentionBuckets {
  /** Every bound, in order, each once: stretch k (from 1) is [thresholds[k−1], thresholds[k]). */
  thresholds: Date[];
  /** Per stretch (index k−1), bit i set when a purchase in it makes its client active at period i's start. */
  active: bigint[];
  /** Per stretch (index k−1), bit i set when it lies within period i. */
  bought: bigint[];
}

export function retentionBuckets(windows: RetentionWindow[]): RetentionBuckets {
  if (windows.length > 63) throw new Error(`relance: at most 63 periods in a series (got ${windows.length})`);
  const times = [...new Set(windows.flatMap((w) => [w.activeFrom, w.start, w.end].map((d) => d.getTime())))].sort(
    (a, b) => a - b,
  );
  const active: bigint[] = [];
  const bought: bigint[] = [];
  for (let k = 1; k < times.length; k++) {
    const [from, to] = [times[k - 1], times[k]];
    let activeBits = 0n;
    let boughtBits = 0n;
    windows.forEach((w, i) => {
      if (w.activeFrom.getTime() <= from && to <= w.start.getTime()) activeBits |= 1n << BigInt(i);
      if (w.start.getTime() <= from && to <= w.end.getTime()) boughtBits |= 1n << BigInt(i);
    });
    active.push(activeBits);
    bought.push(boughtBits);
  }
  return { thresholds: times.map((time) => new Date(time)), active, bought };
}
