import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { RegistrationModule } from '../registration/registration.module';
import { ConsumerPagesController } from './consumer-pages.controller';
import { ManagePagesController } from './manage-pages.controller';
import { MediaWikiPagesController } from './mediawiki-pages.controller';
import { MyAppsController } from './my-apps.controller';
import { WebModule } from '../web/web.module';

/** The site for people, built on the same services as the API (no second copy of the rules). */
@Module({
  imports: [WebModule, ConsumersModule, RegistrationModule, AuthorizationsModule],
  controllers: [ConsumerPagesController, ManagePagesController, MyAppsController, MediaWikiPagesController],
})
export class PagesModule {}
