import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { SessionsService, type ConsoleSession } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle.service';
import { UsersService } from './users.service';

/** Sign-in as one use case: throttle first, then the password, then a new session. */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
  ) {}

  async signIn(input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string;
  }): Promise<{ token: string; session: ConsoleSession }> {
    const account = input.email.trim().toLowerCase().slice(0, 254);
    const wait = await this.throttle.retryAfter(account, input.ip);
    if (wait > 0) {
      throw new DomainError(
        'auth.too_many_attempts',
        'rate_limited',
        `too many failed sign-ins: retry in ${Math.ceil(wait / 60)} minute(s)`,
        { retry_after_seconds: wait },
      );
    }
    const user = await this.users.verify(account, input.password);
    if (!user) {
      await this.throttle.recordFailure(account, input.ip);
      throw new DomainError('auth.bad_credentials', 'unauthorized', 'wrong e-mail or password');
    }
    await this.throttle.clearAccount(account);
    await this.sessions.purgeExpired();
    return this.sessions.open(user.id, { ip: input.ip, userAgent: input.userAgent });
  }
}
