import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty({ example: 1, description: 'The central user id.' })
  id: number;

  @ApiProperty({ example: 'Alice' })
  username: string;

  @ApiPropertyOptional({
    example: 'alice@example.org',
    nullable: true,
    type: String,
    description: 'Absent for GET /me with a Bearer token whose grants do not carry viewmyprivateinfo.',
  })
  email?: string | null;

  @ApiProperty()
  emailVerified: boolean;

  @ApiPropertyOptional({ example: 'Alice Liddell', description: 'Absent where email is.' })
  realName?: string;

  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' })
  registeredAt: string;

  @ApiProperty()
  blocked: boolean;

  @ApiProperty()
  locked: boolean;

  @ApiProperty({ example: ['*', 'user', 'oauthadmin'], description: 'Effective groups, implicit ones included.' })
  groups: string[];

  @ApiProperty({
    example: ['read', 'edit', 'mwoauthmanageconsumer'],
    description:
      'The rights those groups carry (none beyond `*` while blocked); ' +
      'for GET /me with a Bearer token, only those within its grants.',
  })
  rights: string[];
}
