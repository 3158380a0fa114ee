import { ApiProperty } from '@nestjs/swagger';

/** The fields `PATCH /api/v1/users/me` changes, as they now are. */
export class ProfileResponse {
  @ApiProperty()
  username: string;

  @ApiProperty({ description: 'Empty when not set.' })
  realName: string;

  @ApiProperty({ type: String, nullable: true, description: "null: the browser's language." })
  language: string | null;
}

/** One of your sessions. The handle names it for `DELETE /api/v1/users/me/sessions/{handle}`; it is not the cookie. */
export class SessionResponse {
  @ApiProperty({ example: 'k3W0i9pQm2cXbq7Z1yTfAg' })
  handle: string;

  @ApiProperty({ type: String, nullable: true, example: 'Firefox (Linux)', description: 'From the User-Agent.' })
  device: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ type: Date, nullable: true })
  lastSeenAt: Date | null;

  @ApiProperty()
  expiresAt: Date;

  @ApiProperty({ description: 'The session this request came with.' })
  current: boolean;
}
