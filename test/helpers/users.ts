import { INestApplication } from '@nestjs/common';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';

let counter = 0;

/** Creates a user through the real service; the password is "password-<username>". */
export async function makeUser(
  app: INestApplication,
  options: { username?: string; groups?: string[]; email?: string; emailVerified?: boolean } = {},
): Promise<User & { password: string }> {
  counter += 1;
  const username = options.username ?? `User${counter}x${Date.now() % 100000}`;
  const password = `password-${username}`;
  const user = await app
    .get(UsersService)
    .create({ username, password, groups: options.groups, email: options.email, emailVerified: options.emailVerified });
  return Object.assign(user, { password });
}
