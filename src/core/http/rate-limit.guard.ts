import { Global, Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import { DomainError } from '../errors/domain-error';
import { RATE_LIMIT, RATE_POLICIES, type RatePolicyName } from './rate-limits';
import { RateLimiter } from './rate-limiter';

/** The buckets a route draws from: its own, or `public` for a public route that names none; none for API-key routes. */
export function ratePoliciesOf(
  reflector: Reflector,
  targets: Parameters<Reflector['getAllAndOverride']>[1],
): RatePolicyName[] {
  const named = reflector.getAllAndOverride<RatePolicyName[] | undefined>(RATE_LIMIT, targets);
  if (named?.length) return named;
  return reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ? ['public'] : [];
}

/**
 * Rate limits on every public route, applied to all of them by construction (a global guard,
 * so none is forgotten; it runs before the routes' own guards, webhook secrets included).
 * Over the limit: 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    for (const name of ratePoliciesOf(this.reflector, [context.getHandler(), context.getClass()])) {
      const policy = RATE_POLICIES[name];
      const subject = policy.per === 'address' ? request.ip : request.params?.[policy.per.param];
      const wait = this.limiter.attempt(`${name}:${String(subject ?? '')}`, policy.capacity, policy.perMinute);
      if (wait) {
        throw new DomainError('http.rate_limited', 'rate_limited', `too many requests: retry in ${wait} s`, {
          retry_after_seconds: wait,
        });
      }
    }
    return true;
  }
}

@Global()
@Module({ providers: [RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }], exports: [RateLimiter] })
export class RateLimitModule {}
