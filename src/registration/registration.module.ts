import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { OAuth2TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { ConsumerApi } from './consumer-api.service';
import { ConsumerOwnerService } from './consumer-owner.service';
import { ConsumerProposalService } from './consumer-proposal.service';
import { ConsumerLogController, ConsumersController } from './consumers.controller';
import { MediaWikiClientsController } from './mediawiki-clients.controller';
import { MediaWikiClients } from './mediawiki-clients.service';
import { OwnerOnlyCredentialsService } from './owner-only-credentials';

/**
 * What owners and reviewers do to consumers: propose, update, reset secrets, review, with the
 * owner-only consumer's credentials issued at once; Consentry's API and MediaWiki's REST routes.
 */
@Module({
  imports: [ConsumersModule, AuthorizationsModule, UsersModule, OAuth2TokensModule],
  controllers: [ConsumersController, ConsumerLogController, MediaWikiClientsController],
  providers: [
    ConsumerApi,
    ConsumerOwnerService,
    ConsumerProposalService,
    MediaWikiClients,
    OwnerOnlyCredentialsService,
  ],
  exports: [ConsumerApi, ConsumerOwnerService, ConsumerProposalService],
})
export class RegistrationModule {}
