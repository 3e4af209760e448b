import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { setRequestActor } from '../../core/auth/actor-context';
import { roleAllows } from '../../core/auth/api-key.service';
import type { Role } from '../../core/auth/api-key.entity';
import { SessionsService } from '../../core/auth/sessions.service';
import { DomainError } from '../../core/errors/domain-error';
import { readCookie, SESSION_COOKIE } from './cookies';
import { SignInRequired, type ConsoleRequest } from './console-request';
import { changesState, presentedTokenMatches, sameOrigin } from './csrf';

export const CONSOLE_ROLE = 'relance:console-role';
/** The least role a console page needs (manager < marketer < admin); any signed-in user by default. */
export const ConsoleRole = (role: Role) => SetMetadata(CONSOLE_ROLE, role);

/**
 * Every console page: a live session, the page's role, and for anything that changes state a
 * request from relance's own pages carrying the session's CSRF token (a cross-site form post is
 * refused with 403 before anything runs).
 */
@Injectable()
export class ConsoleAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const writes = changesState(request);
    if (writes && !sameOrigin(request))
      throw new DomainError('console.cross_site', 'forbidden', 'cross-site request refused');
    const session = await this.sessions.find(readCookie(request, SESSION_COOKIE));
    if (!session) {
      if (writes) throw new DomainError('console.csrf', 'forbidden', 'no session: request refused');
      throw new SignInRequired(request.originalUrl);
    }
    if (writes && !presentedTokenMatches(request, session.csrfToken))
      throw new DomainError('console.csrf', 'forbidden', 'missing or wrong CSRF token');
    request.consoleSession = session;
    setRequestActor(`user:${session.user.id}`);
    const required =
      this.reflector.getAllAndOverride<Role>(CONSOLE_ROLE, [context.getHandler(), context.getClass()]) ?? 'manager';
    if (!roleAllows(session.user.role, required))
      throw new DomainError('console.forbidden', 'forbidden', `this page needs the ${required} role`);
    return true;
  }
}
