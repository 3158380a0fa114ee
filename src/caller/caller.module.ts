import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthGuard } from './auth.guard';
import { PrincipalService } from './principal.service';
import { SessionCookie } from './session-cookie';

/**
 * Who calls a route: the global guard finds the principal of a session cookie or a Bearer token
 * and checks the route's rule (`@Authenticated`, `@Public`). Routes are authenticated by default.
 */
@Module({
  imports: [UsersModule, SessionsModule, OAuth2Module],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, PrincipalService, SessionCookie],
  exports: [PrincipalService, SessionCookie],
})
export class CallerModule {}
