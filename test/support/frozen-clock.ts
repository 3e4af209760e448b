/**
 * Runs `work` with `Date.now()` standing still, then restores it. Rate-limit specs drain a bucket
 * with real requests: on a loaded machine a bucket that refills every 2 s would let the request
 * meant to be refused through. `new Date()` and timers are not affected.
 */
export async function withFrozenClock<T>(work: () => Promise<T>): Promise<T> {
  const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
  try {
    return await work();
  } finally {
    now.mockRestore();
  }
}
