import { DynamicModule, Global, Module } from '@nestjs/common';
import { ServerKeys } from '../crypto/server-keys';
import { AppConfig } from './app-config.service';

/** Makes the one validated AppConfig, and the keys derived from its SECRET_KEY, injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }, ServerKeys],
      exports: [AppConfig, ServerKeys],
    };
  }
}
