import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';
import { setRequestActor } from './actor-context';
import type { Role } from './api-key.entity';
import { CONSOLE_ROUTE, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { ApiKeyService, roleAllows, type Principal } from './api-key.service';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Every route needs `Authorization: Bearer <api key>` unless marked @Public(); the default role is admin. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(CONSOLE_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new DomainError('auth.missing_key', 'unauthorized', 'missing API key: send Authorization: Bearer <key>');
    const principal = await this.apiKeys.verify(match[1]);
    if (!principal) throw new DomainError('auth.invalid_key', 'unauthorized', 'invalid or revoked API key');
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'admin';
    if (!roleAllows(principal.role, required)) {
      throw new DomainError(
        'auth.forbidden',
        'forbidden',
        `this action needs the ${required} role (your key has ${principal.role})`,
      );
    }
    request.principal = principal;
    setRequestActor(`api_key:${principal.keyId}`);
    return true;
  }
}
