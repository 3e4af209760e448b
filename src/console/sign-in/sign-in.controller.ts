import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { ConsoleRoute } from '../../core/auth/auth.decorators';
import { RateLimit } from '../../core/http/rate-limits';
import { SESSION_ABSOLUTE_SECONDS, SessionsService } from '../../core/auth/sessions.service';
import { SignInService } from '../../core/auth/sign-in.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError } from '../../core/errors/domain-error';
import { ConsoleExceptionFilter } from '../shell/console-exception.filter';
import { sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import { safeNext } from '../shell/console-request';
import { clearCookie, readCookie, setCookie, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE } from '../shell/cookies';
import { changesState, presentedTokenMatches, sameOrigin } from '../shell/csrf';

interface SignInForm {
  email?: unknown;
  password?: unknown;
  suite?: unknown;
}

/**
 * /connexion and /deconnexion. Before a session exists, the sign-in form's CSRF token is a random
 * value in a SameSite=Strict cookie, repeated in the form (a page on another site can neither
 * read nor send it).
 */
@ApiExcludeController()
@ConsoleRoute()
@UseFilters(ConsoleExceptionFilter)
@Controller()
export class SignInController {
  private readonly secure: boolean;

  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
    @Inject(relanceConfig.KEY) config: RelanceConfigType,
  ) {
    this.secure = config.publicUrl.startsWith('https:');
  }

  @Get('connexion')
  @RateLimit('page')
  async form(
    @Query('suite') next: unknown,
    @Query('au-revoir') signedOut: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (await this.sessions.find(readCookie(request, SESSION_COOKIE))) {
      response.redirect(303, safeNext(next));
      return;
    }
    this.page(response, 200, { next: safeNext(next), email: '', error: null, signedOut: signedOut !== undefined });
  }

  @Post('connexion')
  @RateLimit('page')
  async signIn(@Body() form: SignInForm, @Req() request: Request, @Res() response: Response) {
    const next = safeNext(form.suite);
    const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
    if (!sameOrigin(request) || !presentedTokenMatches(request, readCookie(request, SIGN_IN_CSRF_COOKIE))) {
      this.page(response, 403, { next, email, error: 'refused' });
      return;
    }
    try {
      const { token } = await this.signIns.signIn({
        email,
        password: typeof form.password === 'string' ? form.password : '',
        ip: request.ip ?? 'unknown',
        userAgent: request.get('user-agent'),
      });
      setCookie(response, SESSION_COOKIE, token, { secure: this.secure, maxAgeSeconds: SESSION_ABSOLUTE_SECONDS });
      clearCookie(response, SIGN_IN_CSRF_COOKIE, this.secure);
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'rate_limited') {
        const seconds = Number(error.details?.retry_after_seconds ?? 60);
        const minutes = Math.max(1, Math.ceil(seconds / 60));
        response.set('Retry-After', String(seconds));
        this.page(response, 429, { next, email, error: 'throttled', minutes, plural: minutes > 1 });
        return;
      }
      if (error.kind !== 'unauthorized') throw error;
      this.page(response, 401, { next, email, error: 'wrong' });
    }
  }

  @Post('deconnexion')
  async signOut(@Req() request: Request, @Res() response: Response) {
    await this.withSession(request, response, (token) => this.sessions.close(token));
  }

  @Post('deconnexion/partout')
  async signOutEverywhere(@Req() request: Request, @Res() response: Response) {
    await this.withSession(request, response, async (token) => {
      const session = await this.sessions.find(token);
      if (session) await this.sessions.closeAllForUser(session.user.id);
    });
  }

  /** Signing out changes state too: same origin and the session's CSRF token, or 403. */
  private async withSession(
    request: Request,
    response: Response,
    close: (token: string) => Promise<void>,
  ): Promise<void> {
    const token = readCookie(request, SESSION_COOKIE);
    const session = await this.sessions.find(token);
    if (
      changesState(request) &&
      (!sameOrigin(request) || (session && !presentedTokenMatches(request, session.csrfToken)))
    ) {
      throw new DomainError('console.csrf', 'forbidden', 'missing or wrong CSRF token');
    }
    if (token && session) await close(token);
    clearCookie(response, SESSION_COOKIE, this.secure);
    response.redirect(303, '/connexion?au-revoir');
  }

  private page(response: Response, status: number, data: Record<string, unknown>): void {
    const token = randomBytes(24).toString('base64url');
    setCookie(response, SIGN_IN_CSRF_COOKIE, token, { secure: this.secure, maxAgeSeconds: 3600, sameSite: 'Strict' });
    const view = { minutes: 0, plural: false, signedOut: false, ...data, csrfToken: token };
    sendPage(
      response,
      this.renderer.render('sign-in', 'Connexion', view, { path: '/connexion', session: undefined }),
      status,
    );
  }
}
