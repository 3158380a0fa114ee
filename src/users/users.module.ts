import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../common/config/app-config.service';
import { SessionsModule } from '../sessions/sessions.module';
import { PasswordHasher } from './password-hasher';
import { RightsCatalog } from './rights-catalog';
import { AdminBootstrap } from './admin-bootstrap';
import { UserAdminService } from './user-admin.service';
import { UserGroup } from './user-group.entity';
import { UserRights } from './user-rights';
import { User } from './user.entity';
import { UserMapper } from './user.mapper';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserGroup]), SessionsModule],
  controllers: [UsersController],
  providers: [
    {
      provide: RightsCatalog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => RightsCatalog.fromFile(config.rightsFile),
    },
    PasswordHasher,
    UsersService,
    UserRights,
    UserMapper,
    UserAdminService,
    AdminBootstrap,
  ],
  exports: [UsersService, UserRights, UserMapper, UserAdminService, RightsCatalog],
})
export class UsersModule {}
