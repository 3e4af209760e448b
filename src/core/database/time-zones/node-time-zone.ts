/**
 * A zone's UTC offsets as Node knows them (ICU's time-zone data, the data the rest of relance
 * computes local times with), and its transitions over a span of time.
 */
export interface Steps {
  /** Offset (seconds east of UTC) at the start of the span. */
  initial: number;
  /** Changes of offset within the span, in order, each to a different offset than before. */
  changes: Array<{ at: number; offset: number }>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Node's formatter for a zone, or undefined when Node does not know the zone. */
function formatter(zone: string): Intl.DateTimeFormat | undefined {
  if (!formatters.has(zone)) {
    try {
      formatters.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
    } catch {
      return undefined;
    }
  }
  return formatters.get(zone);
}

export function nodeKnowsZone(zone: string): boolean {
  return formatter(zone) !== undefined;
}

/** Seconds east of UTC in `zone` at `at` (seconds since the epoch). */
export function nodeOffsetSeconds(zone: string, at: number): number {
  const text = formatter(zone)!.format(at * 1000);
  const match = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) throw new Error(`unexpected offset "${text}" for ${zone}`);
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0));
}

/** A week: no zone changes its offset and changes it back within a week after 1970 (checked for every zone in the spec). */
export const SAMPLE_SECONDS = 7 * 86_400;

/**
 * Node's transitions of `zone` in [from, to): sampled every `step` seconds, each change then
 * located to the second by bisection. A change and its reversal within one step would be missed.
 */
export function nodeSteps(zone: string, from: number, to: number, step = SAMPLE_SECONDS): Steps {
  const offsetAt = (at: number) => nodeOffsetSeconds(zone, at);
  const initial = offsetAt(from);
  const changes: Steps['changes'] = [];
  let current = initial;
  let start = from;
  for (let sample = Math.min(from + step, to - 1); start < to - 1; sample = Math.min(sample + step, to - 1)) {
    // Several changes may fall in one step: each is found, then the rest of the step is searched.
    while (offsetAt(sample) !== current) {
      let low = start;
      let high = sample;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetAt(middle) === current) low = middle;
        else high = middle;
      }
      current = offsetAt(high);
      changes.push({ at: high, offset: current });
      start = high;
    }
    start = sample;
  }
  return { initial, changes };
}
