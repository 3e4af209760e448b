import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst of `capacity` through, then says how long to wait for the next token', () => {
    const limiter = new RateLimiter();
    const now = 1_000_000;
    for (let index = 0; index < 5; index++) expect(limiter.attempt('a', 5, 2, now)).toBe(0);
    expect(limiter.attempt('a', 5, 2, now)).toBe(30);
    expect(limiter.attempt('a', 5, 2, now + 15_000)).toBe(15);
    expect(limiter.attempt('a', 5, 2, now + 30_000)).toBe(0);
    expect(limiter.attempt('b', 5, 2, now)).toBe(0);
  });

  it('refills at `perMinute` up to `capacity`, never above', () => {
    const limiter = new RateLimiter();
    for (let index = 0; index < 3; index++) limiter.attempt('a', 3, 60, 0);
    expect(limiter.allow('a', 3, 60, 0)).toBe(false);
    const later = 3_600_000;
    expect([0, 1, 2, 3].map(() => limiter.allow('a', 3, 60, later))).toEqual([true, true, true, false]);
  });
});
