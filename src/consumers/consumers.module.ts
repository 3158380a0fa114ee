import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OwnerOnlyCredentialsService } from '../authorizations/owner-only-credentials';
import { OAuth2TokensModule } from '../oauth2/tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { ConsumerApi } from './consumer-api.service';
import { ConsumerCredentials } from './consumer-credentials';
import { ConsumerExpiry } from './consumer-expiry.service';
import { ConsumerLogEntry } from './consumer-log.entity';
import { ConsumerLogService } from './consumer-log.service';
import { ConsumerLookup } from './consumer-lookup.service';
import { ConsumerMapper } from './consumer.mapper';
import { ConsumerNotifier } from './consumer-notifier';
import { ConsumerOwnerService } from './consumer-owner.service';
import { ConsumerProposalService } from './consumer-proposal.service';
import { ConsumerQueries } from './consumer-queries.service';
import { ConsumerReviewService } from './consumer-review.service';
import { ConsumerSecrets } from './consumer-secrets';
import { ConsumerValidator } from './consumer-validator';
import { ConsumerVisibility } from './consumer-visibility';
import { Consumer } from './consumer.entity';
import { ConsumerLogController, ConsumersController } from './consumers.controller';
import { MediaWikiClientsController } from './mediawiki-clients.controller';
import { MediaWikiClients } from './mediawiki-clients.service';
import { StaticConsumers } from './static/static-consumers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Consumer, ConsumerLogEntry]), UsersModule, OAuth2TokensModule],
  controllers: [ConsumersController, ConsumerLogController, MediaWikiClientsController],
  providers: [
    ConsumerApi,
    ConsumerExpiry,
    ConsumerLogService,
    ConsumerLookup,
    ConsumerMapper,
    ConsumerNotifier,
    ConsumerOwnerService,
    ConsumerProposalService,
    ConsumerQueries,
    ConsumerReviewService,
    ConsumerSecrets,
    ConsumerValidator,
    ConsumerVisibility,
    OwnerOnlyCredentialsService,
    MediaWikiClients,
    StaticConsumers,
    ConsumerCredentials,
  ],
  exports: [
    ConsumerApi,
    ConsumerOwnerService,
    StaticConsumers,
    ConsumerCredentials,
    ConsumerLookup,
    ConsumerVisibility,
    ConsumerSecrets,
    ConsumerProposalService,
    ConsumerReviewService,
    ConsumerMapper,
  ],
})
export class ConsumersModule {}
