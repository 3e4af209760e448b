import { retentionBuckets } from './retention-buckets';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('retention buckets', () => {
  it('cuts time at every bound and marks, per stretch, the periods it makes a client active in or a buyer in', () => {
    // Period 0: active from day 1, runs days 10–20; period 1: active from day 5, runs days 20–30.
    const buckets = retentionBuckets([
      { activeFrom: at(1), start: at(10), end: at(20) },
      { activeFrom: at(5), start: at(20), end: at(30) },
    ]);
    expect(buckets.thresholds).toEqual([at(1), at(5), at(10), at(20), at(30)]);
    // [1,5): active for 0 only; [5,10): active for both; [10,20): bought in 0, active for 1; [20,30): bought in 1.
    expect(buckets.active).toEqual([0b01n, 0b11n, 0b10n, 0b00n]);
    expect(buckets.bought).toEqual([0b00n, 0b00n, 0b01n, 0b10n]);
  });

  it('keeps a shared bound once and handles sixty periods with 64-bit masks', () => {
    const windows = Array.from({ length: 60 }, (_, i) => ({ activeFrom: at(i), start: at(i + 100), end: at(i + 101) }));
    const buckets = retentionBuckets(windows);
    expect(buckets.thresholds).toHaveLength(
      new Set([...windows.flatMap((w) => [w.activeFrom, w.start, w.end])].map(Number)).size,
    );
    expect(buckets.bought[buckets.bought.length - 1]).toBe(1n << 59n);
    expect(() => retentionBuckets([...windows, ...windows.slice(0, 4)])).toThrow('at most 63');
  });
});
