import { ApiProperty } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty({ example: 1, description: 'The central user id.' })
  id: number;

  @ApiProperty({ example: 'Alice' })
  username: string;

  @ApiProperty({ example: 'alice@example.org', nullable: true, type: String })
  email: string | null;

  @ApiProperty()
  emailVerified: boolean;

  @ApiProperty({ example: 'Alice Liddell' })
  realName: string;

  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' })
  registeredAt: string;

  @ApiProperty()
  blocked: boolean;

  @ApiProperty()
  locked: boolean;

  @ApiProperty({ example: ['*', 'user', 'oauthadmin'], description: 'Effective groups, implicit ones included.' })
  groups: string[];

  @ApiProperty({ example: ['read', 'edit', 'mwoauthmanageconsumer'], description: 'The rights those groups carry (none beyond `*` while blocked).' })
  rights: string[];
}
