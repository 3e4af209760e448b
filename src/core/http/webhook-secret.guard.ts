import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { relanceConfig, type RelanceConfigType } from '../config/relance-config';
import { DomainError } from '../errors/domain-error';

/** Provider webhooks authenticate with the shared secret RELANCE_WEBHOOK_SECRET in `X-Webhook-Secret`. */
@Injectable()
export class WebhookSecretGuard implements CanActivate {
  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.webhookSecret) {
      throw DomainError.unavailable('webhooks.disabled', 'webhooks are disabled: set RELANCE_WEBHOOK_SECRET');
    }
    const presented = context.switchToHttp().getRequest<Request>().get('x-webhook-secret') ?? '';
    const digest = (value: string) => createHash('sha256').update(value).digest();
    if (!timingSafeEqual(digest(presented), digest(this.config.webhookSecret))) {
      throw new DomainError('webhooks.bad_secret', 'unauthorized', 'invalid webhook secret');
    }
    return true;
  }
}
