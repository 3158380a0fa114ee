import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AuthGuard } from './auth.guard';
import { EmailConfirmationService } from './email-confirmation.service';
import { HomeController } from './home.controller';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.service';
import { LoginController } from './login.controller';
import { PrincipalService } from './principal.service';
import { RegisterController } from './register.controller';
import { SessionCookie } from './session-cookie';
import { SessionLogin } from './session-login.service';

/** Who is calling: login for people, sessions, the global guard. */
@Module({
  imports: [PassportModule, UsersModule, SessionsModule, OAuth2Module, AuthorizationsModule],
  controllers: [HomeController, LoginController, RegisterController, AccountController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    LocalStrategy,
    LoginThrottle,
    PrincipalService,
    SessionCookie,
    SessionLogin,
    EmailConfirmationService,
  ],
  exports: [PrincipalService],
})
export class AuthModule {}
