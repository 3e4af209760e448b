import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { TrustProxy } from '../config/trust-proxy';

/**
 * `request.ip` is the client's address only when the peer in front of relance is trusted
 * (RELANCE_TRUST_PROXY); otherwise every client behind that proxy shares its address: one
 * rate-limit bucket for all, and the proxy's address in consent proofs. That misconfiguration is
 * invisible, so the first request that shows it is logged, once per process.
 */
export function untrustedProxyWarning(
  trustProxy: TrustProxy,
): (request: Request, response: Response, next: NextFunction) => void {
  const logger = new Logger('Http');
  let warned = false;
  return (request, _response, next) => {
    if (!warned && request.headers['x-forwarded-for'] && request.ip === request.socket.remoteAddress) {
      warned = true;
      logger.warn(
        `a request from ${request.socket.remoteAddress} carried X-Forwarded-For, which RELANCE_TRUST_PROXY (${describeTrustProxy(trustProxy)}) does not trust: ` +
          'if relance is behind a proxy at that address, trust it, or every client will share its address (rate limits, consent proofs)',
      );
    }
    next();
  };
}

function describeTrustProxy(trustProxy: TrustProxy): string {
  if (trustProxy === false) return 'no one';
  if (typeof trustProxy === 'number') return `${trustProxy} hop${trustProxy > 1 ? 's' : ''}`;
  return trustProxy.join(', ');
}
