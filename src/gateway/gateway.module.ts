import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { OAuth1Module } from '../oauth1/oauth1.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { UsersModule } from '../users/users.module';
import { OAuthProtectedGuard } from './oauth-protected.guard';
import { RequestAuthenticator } from './request-authenticator.service';
import { VerifyController } from './verify.controller';

/** Authenticating API requests for gateways and for Nest applications in the same process. */
@Module({
  imports: [OAuth1Module, OAuth2Module, AuthorizationsModule, UsersModule],
  controllers: [VerifyController],
  providers: [RequestAuthenticator, OAuthProtectedGuard],
  exports: [RequestAuthenticator, OAuthProtectedGuard],
})
export class GatewayModule {}
