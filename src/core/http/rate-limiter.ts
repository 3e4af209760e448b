import { Injectable } from '@nestjs/common';

interface Bucket {
  tokens: number;
  at: number;
  capacity: number;
  perMinute: number;
}

/**
 * Per-key token buckets for public endpoints: `capacity` requests at once, refilled at
 * `perMinute`. In memory, per process: each `serve` instance limits on its own.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token: 0 when allowed, else the whole seconds until one is back (for Retry-After). */
  attempt(key: string, capacity: number, perMinute: number, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now, capacity, perMinute };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute));
  }

  allow(key: string, capacity: number, perMinute: number, now = Date.now()): boolean {
    return this.attempt(key, capacity, perMinute, now) === 0;
  }

  /** Forgets full buckets (each against its own policy): a key seen again starts full anyway. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 60_000) * bucket.perMinute >= bucket.capacity) this.buckets.delete(key);
    }
  }
}
