import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { UserAccountActions } from './user-account-actions.service';
import { UserSearch } from './user-search.service';
import { UserAdminService } from './user-admin.service';
import { UserMapper } from './user.mapper';
import { UsersController } from './users.controller';

/** `/api/v1/users`: users as administrators see and change them (groups, blocks, locks, sessions). */
@Module({
  // The search reads the users table directly (one query with its filters and the total).
  imports: [UsersModule, SessionsModule, AccountsModule, TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UserMapper, UserAdminService, UserSearch, UserAccountActions],
  exports: [UserMapper, UserAdminService, UserSearch, UserAccountActions],
})
export class UserAdminModule {}
