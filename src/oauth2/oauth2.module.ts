import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token-verifier.service';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { AuthorizationCodes } from './authorization-codes';
import { AuthorizeEndpoint } from './authorize-endpoint.service';
import { ClientAuthenticator } from './client-authenticator.service';
import { Discovery } from './discovery';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { ClientCredentialsGrant } from './grants/client-credentials.grant';
import { GRANT_HANDLERS, GrantHandler } from './grants/grant-handler';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import { GrantChecks } from './grants/user-checks';
import { IdTokens } from './id-tokens';
import { IntrospectionEndpoints } from './introspection.service';
import { DiscoveryController, OAuth2Controller } from './oauth2.controller';
import { ProfileClaims } from './profile-claims';
import { TokenEndpoint } from './token-endpoint.service';
import { OAuth2TokensModule } from '../tokens/tokens.module';
import { WebModule } from '../web/web.module';

@Module({
  imports: [WebModule, OAuth2TokensModule, ConsumersModule, AuthorizationsModule, UsersModule],
  controllers: [OAuth2Controller, DiscoveryController],
  providers: [
    AccessTokenVerifier,
    BearerAuthenticator,
    AuthorizationCodes,
    AuthorizeEndpoint,
    ClientAuthenticator,
    Discovery,
    IdTokens,
    IntrospectionEndpoints,
    ProfileClaims,
    TokenEndpoint,
    GrantChecks,
    AuthorizationCodeGrant,
    RefreshTokenGrant,
    ClientCredentialsGrant,
    {
      provide: GRANT_HANDLERS,
      inject: [AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant],
      useFactory: (...handlers: GrantHandler[]) => handlers,
    },
  ],
  exports: [AccessTokenVerifier, BearerAuthenticator, OAuth2TokensModule],
})
export class OAuth2Module {}
