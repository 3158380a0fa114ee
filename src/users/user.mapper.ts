import { Injectable } from '@nestjs/common';
import { UserResponse } from './dto/user.response';
import { UserRights } from './user-rights';
import { User } from './user.entity';

/** The one place a User becomes an API response. */
@Injectable()
export class UserMapper {
  constructor(private readonly rights: UserRights) {}

  toResponse(user: User): UserResponse {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      emailVerified: user.emailVerified,
      realName: user.realName,
      registeredAt: user.registeredAt.toISOString(),
      blocked: user.blocked,
      locked: user.locked,
      groups: this.rights.groups(user),
      rights: [...this.rights.rights(user)].sort(),
    };
  }
}
