import { SetMetadata } from '@nestjs/common';

export interface RatePolicy {
  /** Requests at once (the bucket's size). */
  capacity: number;
  /** Requests per minute once the bucket is empty. */
  perMinute: number;
  /** Whose bucket: the client's address (`request.ip`, see RELANCE_TRUST_PROXY) or a route parameter. */
  per: 'address' | { param: string };
}

/**
 * Every public (no API key) route draws from one or more of these buckets. Addresses are often
 * shared — mail providers post one-click unsubscribes and fetch pixels for many people from a few
 * addresses, an office sits behind one — hence generous per-address limits where that happens,
 * and a per-link limit where one link must not act without end.
 */
export const RATE_POLICIES = {
  /** Pages a person opens (unsubscribe page, response page, complaint form). */
  page: { capacity: 30, perMinute: 30, per: 'address' },
  /** Unsubscribe and preference posts, per link: a person acts a few times at most. */
  'consent-link': { capacity: 5, perMinute: 5, per: { param: 'token' } },
  /** … and per address: one-click unsubscribes come from mail providers' servers, many people each. */
  'consent-address': { capacity: 300, perMinute: 300, per: 'address' },
  /** Open pixel and click redirect: image proxies and link scanners fetch for many people. */
  tracking: { capacity: 600, perMinute: 600, per: 'address' },
  /** Typed codes (coupon, survey, sign-up confirmation): guessing must stay slow. */
  code: { capacity: 10, perMinute: 10, per: 'address' },
  /** The complaint form: a person writes once. */
  form: { capacity: 5, perMinute: 2, per: 'address' },
  /** Provider webhooks: authenticated, busy (receipts, replies), but a wrong secret is not tried fast. */
  webhook: { capacity: 600, perMinute: 3000, per: 'address' },
  /** Liveness and readiness probes. */
  health: { capacity: 60, perMinute: 120, per: 'address' },
  /** A public route that names none of the above: limited all the same. */
  public: { capacity: 30, perMinute: 30, per: 'address' },
} satisfies Record<string, RatePolicy>;

export type RatePolicyName = keyof typeof RATE_POLICIES;

export const RATE_LIMIT = 'relance:rate-limit';

/** The buckets a public route draws from (on a handler, or on its controller for every handler). */
export const RateLimit = (...policies: RatePolicyName[]) => SetMetadata(RATE_LIMIT, policies);
