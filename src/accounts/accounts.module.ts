import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallerModule } from '../caller/caller.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AccountPagesController } from './account-pages.controller';
import { AccountSettings } from './account-settings.service';
import { EmailChange } from './email-change.service';
import { LoginApplication } from './login-application.service';
import { ConsumersModule } from '../consumers/consumers.module';
import { RequestTokens } from '../oauth1/request-tokens';
import { EmailConfirmationService } from './email-confirmation.service';
import { HomeController } from './home.controller';
import { LocalStrategy } from './local.strategy';
import { LoginLockouts } from './login-lockouts.service';
import { LoginThrottle } from './login-throttle.service';
import { LoginController } from './login.controller';
import { PasswordResetController } from './password-reset.controller';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetService } from './password-reset.service';
import { RegisterController } from './register.controller';
import { SessionLogin } from './session-login.service';
import { WebModule } from '../web/web.module';
import { MailModule } from '../mail/mail.module';
import { SignedLinks } from './signed-links';

/** People and their accounts: sign up, log in and out, confirm an email, change a password. */
@Module({
  imports: [
    MailModule,
    WebModule,
    PassportModule,
    UsersModule,
    SessionsModule,
    CallerModule,
    TypeOrmModule.forFeature([PasswordReset]),
    ConsumersModule,
  ],
  controllers: [
    HomeController,
    LoginController,
    RegisterController,
    AccountController,
    PasswordResetController,
    AccountPagesController,
  ],
  providers: [
    SignedLinks,
    LocalStrategy,
    LoginThrottle,
    LoginLockouts,
    SessionLogin,
    EmailConfirmationService,
    PasswordResetService,
    AccountSettings,
    EmailChange,
    LoginApplication,
    // The login page names the application of an OAuth 1.0a request token (login-application.service.ts).
    RequestTokens,
  ],
  // For user-admin/: an administrator lifts a lockout from the admin pages too, by the same rule.
  exports: [LoginLockouts],
})
export class AccountsModule {}
