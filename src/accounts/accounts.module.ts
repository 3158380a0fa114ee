import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { CallerModule } from '../caller/caller.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { EmailConfirmationService } from './email-confirmation.service';
import { HomeController } from './home.controller';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.service';
import { LoginController } from './login.controller';
import { RegisterController } from './register.controller';
import { SessionLogin } from './session-login.service';
import { WebModule } from '../web/web.module';
import { MailModule } from '../mail/mail.module';

/** People and their accounts: sign up, log in and out, confirm an email, change a password. */
@Module({
  imports: [MailModule, WebModule, PassportModule, UsersModule, SessionsModule, CallerModule],
  controllers: [HomeController, LoginController, RegisterController, AccountController],
  providers: [LocalStrategy, LoginThrottle, SessionLogin, EmailConfirmationService],
})
export class AccountsModule {}
