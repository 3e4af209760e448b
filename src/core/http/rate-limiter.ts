import { Injectable } from '@nestjs/common';

/**
 * Per-key token buckets for public endpoints (coupon codes, web forms): `capacity` requests at
 * once, refilled at `perMinute`. In memory, per process: each `serve` instance limits on its own.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  allow(key: string, capacity: number, perMinute: number, now = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.prune(now, capacity, perMinute);
    return allowed;
  }

  private prune(now: number, capacity: number, perMinute: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 60_000) * perMinute >= capacity) this.buckets.delete(key);
    }
  }
}
