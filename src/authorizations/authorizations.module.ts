import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumersModule } from '../consumers/consumers.module';
import { UsersModule } from '../users/users.module';
import { AccountDeletion } from './account-deletion.service';
import { Authorization } from './authorization.entity';
import { AuthorizationQueries } from './authorization-queries.service';
import { AuthorizationsService } from './authorizations.service';
import { ConsumerAuthorizationsController, MyAuthorizationsController } from './authorizations.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Authorization]), ConsumersModule, UsersModule],
  controllers: [MyAuthorizationsController, ConsumerAuthorizationsController],
  providers: [AuthorizationsService, AuthorizationQueries, AccountDeletion],
  exports: [AuthorizationsService, AuthorizationQueries, AccountDeletion],
})
export class AuthorizationsModule {}
