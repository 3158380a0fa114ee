import { AccessModule } from './access/access.module';
import { GrantCatalog } from './catalog/grant-catalog';
import { AppConfig } from './common/config/app-config.service';
import { ConsumersModule } from './consumers/consumers.module';
import { StaticConsumers } from './consumers/static/static-consumers.service';
import { UserRights } from './users/user-rights';
import { UsersModule } from './users/users.module';

/** The access policy's inputs, taken from the modules that own them (docs/development.md#architecture). */
export const AccessPolicyModule = AccessModule.forRoot({
  imports: [UsersModule, ConsumersModule],
  inject: [UserRights, GrantCatalog, StaticConsumers, AppConfig],
  useFactory: (userRights: UserRights, grants: GrantCatalog, statics: StaticConsumers, config: AppConfig) => ({
    catalogs: {
      accountRights: (user) => userRights.rights(user),
      groups: (user) => userRights.groups(user),
      everyoneRights: userRights.everyoneRights,
      grantRights: (names) => grants.rightsOf(names),
      isAuthOnly: (name) => grants.isAuthOnly(name),
      isConfigured: (key) => statics.get(key) !== undefined,
    },
    settings: {
      wikiId: config.gateway.wikiId,
      disabledActions: config.gateway.disabledActions,
      allowSelfReview: config.consumers.allowSelfReview,
    },
  }),
});
