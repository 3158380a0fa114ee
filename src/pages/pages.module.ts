import { Module } from '@nestjs/common';
import { AuthorizationsModule } from '../authorizations/authorizations.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { RegistrationModule } from '../registration/registration.module';
import { ConsumerPagesController } from './consumer-pages.controller';
import { ManagePagesController } from './manage-pages.controller';
import { MediaWikiPagesController } from './mediawiki-pages.controller';
import { MyAppsController } from './my-apps.controller';
import { PageNotices } from './page-notices';
import { ReviewQueue } from './review-queue';
import { WebModule } from '../web/web.module';
import { UsersModule } from '../users/users.module';
import { OneTimeSecrets } from './one-time-secrets';
import { UserAdminModule } from '../user-admin/user-admin.module';
import { AuditPagesController } from './audit-pages.controller';
import { UserAdminPagesController } from './user-admin-pages.controller';

/** The site for people, built on the same services as the API (no second copy of the rules). */
@Module({
  imports: [WebModule, UsersModule, ConsumersModule, RegistrationModule, AuthorizationsModule, UserAdminModule],
  controllers: [
    ConsumerPagesController,
    ManagePagesController,
    MyAppsController,
    MediaWikiPagesController,
    UserAdminPagesController,
    AuditPagesController,
  ],
  providers: [PageNotices, ReviewQueue, OneTimeSecrets],
})
export class PagesModule {}
