import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { ConsumerCredentials } from './consumer-credentials';
import { ConsumerExpiry } from './consumer-expiry.service';
import { ConsumerLogEntry } from './consumer-log.entity';
import { ConsumerLogService } from './consumer-log.service';
import { ConsumerLookup } from './consumer-lookup.service';
import { ConsumerMapper } from './consumer.mapper';
import { ConsumerNotifier } from './consumer-notifier';
import { ConsumerQueries } from './consumer-queries.service';
import { ConsumerReviewService } from './consumer-review.service';
import { ConsumerSecrets } from './consumer-secrets';
import { ConsumerValidator } from './consumer-validator';
import { ConsumerVisibility } from './consumer-visibility';
import { Consumer } from './consumer.entity';
import { StaticConsumers } from './static/static-consumers.service';
import { MailModule } from '../mail/mail.module';

/**
 * The consumer registry: consumers and their log, lookups, field visibility, validation, review
 * and expiry. Proposing and changing consumers (which may issue credentials) is src/registration.
 */
const SERVICES = [
  ConsumerCredentials,
  ConsumerExpiry,
  ConsumerLogService,
  ConsumerLookup,
  ConsumerMapper,
  ConsumerNotifier,
  ConsumerQueries,
  ConsumerReviewService,
  ConsumerSecrets,
  ConsumerValidator,
  ConsumerVisibility,
  StaticConsumers,
];

@Module({
  imports: [MailModule, TypeOrmModule.forFeature([Consumer, ConsumerLogEntry]), UsersModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ConsumersModule {}
