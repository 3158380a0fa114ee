import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UserGroup } from './user-group.entity';
import { UserRights } from './user-rights';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** The user registry: accounts, their groups and rights, passwords; the bootstrap admin. */
@Module({
  imports: [TypeOrmModule.forFeature([User, UserGroup])],
  providers: [PasswordHasher, UsersService, UserRights, AdminBootstrap],
  exports: [UsersService, UserRights],
})
export class UsersModule {}
