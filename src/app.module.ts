import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AuthorizationsModule } from './authorizations/authorizations.module';
import { AccessModule } from './access/access.module';
import { AppConfig } from './common/config/app-config.service';
import { ConfigModule } from './common/config/config.module';
import { AllExceptionsFilter } from './common/errors/exception.filter';
import { ConsumersModule } from './consumers/consumers.module';
import { DatabaseModule } from './database/database.module';
import { EphemeralModule } from './ephemeral/ephemeral.module';
import { GrantsModule } from './grants/grants.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { OAuth1Module } from './oauth1/oauth1.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { RedisModule } from './redis/redis.module';
import { SessionAuthModule } from './session-auth/session-auth.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';
import { OperationsModule } from './operations/operations.module';
import { PagesModule } from './web/pages/pages.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        EphemeralModule,
        OperationsModule,
        AuditModule,
        MailModule,
        WebModule,
        GrantsModule,
        AccessModule,
        UsersModule,
        SessionsModule,
        AuthModule,
        ConsumersModule,
        AuthorizationsModule,
        OAuth1Module,
        OAuth2Module,
        SessionAuthModule,
        PagesModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
