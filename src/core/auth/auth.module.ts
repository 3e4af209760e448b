import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { actorContextMiddleware } from './actor-context';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle.service';
import { SignInService } from './sign-in.service';
import { UsersService } from './users.service';

@Global()
@Module({
  providers: [
    ApiKeyService,
    UsersService,
    SessionsService,
    SignInThrottle,
    SignInService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, UsersService, SessionsService, SignInService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(actorContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
