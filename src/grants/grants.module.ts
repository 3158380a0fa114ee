import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { GrantCatalog } from './grant-catalog';
import { GrantsController } from './grants.controller';

/** The grant catalog (catalog/grants.json, or GRANTS_FILE), read and checked once at boot. */
@Global()
@Module({
  controllers: [GrantsController],
  providers: [
    {
      provide: GrantCatalog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => GrantCatalog.fromFile(config.consumers.grantsFile),
    },
  ],
  exports: [GrantCatalog],
})
export class GrantsModule {}
