import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** One host and port, then a path: nothing in the host part that could start a query or a fragment. */
const ABSOLUTE_URL =
  /^https?:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?\/[^\u0000-\u0020\u007f-\u009f\u2028\u2029\\]*$/;

/** A request the gateway received, to be authenticated (`POST /auth/verify`). */
export class VerifyRequestDto {
  @ApiProperty({ enum: METHODS, example: 'POST' })
  @IsIn(METHODS)
  method: string;

  /**
   * A `?` or `#` in the host part would move the query that signatures and DISABLED_API_ACTIONS
   * are checked on; the path takes none of the characters no client URL may hold (src/protocol/url-characters.ts).
   */
  @ApiProperty({
    example: 'https://wiki.example.org/w/api.php?action=edit',
    description: 'The absolute URL as the client sent it: OAuth 1.0a signatures cover it.',
  })
  @IsString()
  @MaxLength(8192)
  @Matches(ABSOLUTE_URL, { message: 'must be an absolute http(s) URL: one host, then a path' })
  url: string;

  @ApiProperty({
    example: { authorization: 'Bearer eyJ…', 'content-type': 'application/x-www-form-urlencoded' },
    description:
      'Header names in any case, each once; only authorization, content-type and content-encoding are read (strings).',
  })
  @IsObject()
  headers: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'action=edit&title=Sandbox&text=Hello',
    description:
      'The raw body ("" for none): OAuth 1.0a signatures cover a form body, and DISABLED_API_ACTIONS is checked in it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(262144)
  body?: string;

  @ApiProperty({ example: '203.0.113.7', description: "The client's address, for the consumer's IP restrictions." })
  @IsString()
  @Matches(/^[0-9a-fA-F.:%a-zA-Z]{2,64}$/, { message: 'must be an IP address' })
  clientIp: string;
}
