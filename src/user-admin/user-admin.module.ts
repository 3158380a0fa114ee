import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { UserAdminService } from './user-admin.service';
import { UserMapper } from './user.mapper';
import { UsersController } from './users.controller';

/** `/api/v1/users`: users as administrators see and change them (groups, blocks, locks, sessions). */
@Module({
  imports: [UsersModule, SessionsModule],
  controllers: [UsersController],
  providers: [UserMapper, UserAdminService],
  exports: [UserMapper, UserAdminService],
})
export class UserAdminModule {}
