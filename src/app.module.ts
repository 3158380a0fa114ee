import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuthorizationsModule } from './authorizations/authorizations.module';
import { AccessPolicyModule } from './access-policy.wiring';
import { CallerModule } from './caller/caller.module';
import { CatalogModule } from './catalog/catalog.module';
import { AppConfig } from './common/config/app-config.service';
import { ConfigModule } from './common/config/config.module';
import { AllExceptionsFilter } from './common/errors/exception.filter';
import { ReadOnlyGuard } from './common/read-only/read-only.guard';
import { ConsumersModule } from './consumers/consumers.module';
import { DatabaseModule } from './schema/database.module';
import { CacheModule } from './database/cache/cache.module';
import { EphemeralModule } from './ephemeral/ephemeral.module';
import { GrantsModule } from './grants/grants.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { OAuth1Module } from './oauth1/oauth1.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { RedisModule } from './redis/redis.module';
import { GatewayModule } from './gateway/gateway.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';
import { OperationsModule } from './operations/operations.module';
import { MetricsModule } from './metrics/metrics.module';
import { RegistrationModule } from './registration/registration.module';
import { UserAdminModule } from './user-admin/user-admin.module';
import { PagesModule } from './pages/pages.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CacheModule,
        RedisModule,
        EphemeralModule,
        MetricsModule,
        OperationsModule,
        AuditModule,
        MailModule,
        WebModule,
        CatalogModule,
        GrantsModule,
        AccessPolicyModule,
        UsersModule,
        UserAdminModule,
        SessionsModule,
        CallerModule,
        AccountsModule,
        ConsumersModule,
        RegistrationModule,
        AuthorizationsModule,
        OAuth1Module,
        OAuth2Module,
        GatewayModule,
        PagesModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // Read-only mode (docs/operations.md#read-only-mode): every write refused, before the route guards
        // (CSRF). Only when it is on: the guard costs every request, the gateway's included, otherwise.
        ...(config.readOnly.enabled ? [{ provide: APP_GUARD, useClass: ReadOnlyGuard }] : []),
      ],
    };
  }
}
