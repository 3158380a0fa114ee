import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { UsersModule } from '../users/users.module';
import { IdentifyService } from './identify.service';
import { Nonces } from './nonces';
import { OAuth1Endpoints } from './oauth1-endpoints.service';
import { OAuth1Verifier } from './oauth1-verifier.service';
import { MediaWikiOAuth1Controller, OAuth1Controller } from './oauth1.controller';
import { OAuth1Service } from './oauth1.service';
import { RequestTokens } from './request-tokens';
import { WebModule } from '../web/web.module';

@Module({
  imports: [WebModule, ConsumersModule, AuthorizationsModule, UsersModule],
  controllers: [OAuth1Controller, MediaWikiOAuth1Controller],
  providers: [OAuth1Service, OAuth1Verifier, OAuth1Endpoints, IdentifyService, Nonces, RequestTokens],
  exports: [OAuth1Verifier],
})
export class OAuth1Module {}
