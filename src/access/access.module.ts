import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { ConsumersModule } from '../consumers/consumers.module';
import { StaticConsumers } from '../consumers/static/static-consumers.service';
import { GrantCatalog } from '../grants/grant-catalog';
import { UserRights } from '../users/user-rights';
import { UsersModule } from '../users/users.module';
import { AccessPolicy } from './access-policy';

/**
 * The one access policy (docs/security.md "Reason codes"), built once from the catalogs and the
 * settings. Global because every entry point asks it, the consumer review included.
 */
@Global()
@Module({
  imports: [UsersModule, ConsumersModule],
  providers: [
    {
      provide: AccessPolicy,
      inject: [UserRights, GrantCatalog, StaticConsumers, AppConfig],
      useFactory: (userRights: UserRights, grants: GrantCatalog, statics: StaticConsumers, config: AppConfig) =>
        new AccessPolicy(
          {
            accountRights: (user) => userRights.rights(user),
            groups: (user) => userRights.groups(user),
            everyoneRights: userRights.everyoneRights,
            grantRights: (names) => grants.rightsOf(names),
            isAuthOnly: (name) => grants.isAuthOnly(name),
            isConfigured: (key) => statics.get(key) !== undefined,
          },
          {
            wikiId: config.gateway.wikiId,
            disabledActions: config.gateway.disabledActions,
            allowSelfReview: config.consumers.allowSelfReview,
          },
        ),
    },
  ],
  exports: [AccessPolicy],
})
export class AccessModule {}
