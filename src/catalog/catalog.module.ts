import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { GrantCatalog } from './grant-catalog';
import { Messages } from './messages';
import { RightsCatalog } from './rights-catalog';

/**
 * The grant catalog (catalog/grants.json, or GRANTS_FILE) and the rights of user groups
 * (catalog/rights.json, or RIGHTS_FILE), and the sentences of pages and mail in every language
 * (catalog/messages/), read and checked once at boot. Global, like the
 * configuration they come from: read-only data that every layer consults.
 */
@Global()
@Module({
  providers: [
    {
      provide: GrantCatalog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => GrantCatalog.fromFile(config.consumers.grantsFile),
    },
    {
      provide: RightsCatalog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => RightsCatalog.fromFile(config.rightsFile),
    },
    { provide: Messages, useFactory: () => new Messages() },
  ],
  exports: [GrantCatalog, RightsCatalog, Messages],
})
export class CatalogModule {}
