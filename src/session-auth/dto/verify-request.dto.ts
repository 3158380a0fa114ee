import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A request the gateway received, to be authenticated (`POST /auth/verify`). */
export class VerifyRequestDto {
  @ApiProperty({ enum: METHODS, example: 'POST' })
  @IsIn(METHODS)
  method: string;

  @ApiProperty({ example: 'https://wiki.example.org/w/api.php?action=edit', description: 'The absolute URL as the client sent it: OAuth 1.0a signatures cover it.' })
  @IsString() @MaxLength(8192) @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an absolute http(s) URL' })
  url: string;

  @ApiProperty({ example: { authorization: 'Bearer eyJ…', 'content-type': 'application/x-www-form-urlencoded' }, description: 'Header names in any case; only authorization and content-type are read.' })
  @IsObject()
  headers: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'action=edit&title=Sandbox&text=Hello', description: 'The raw form body, when the OAuth 1.0a signature covers it.' })
  @IsOptional() @IsString() @MaxLength(262144)
  body?: string;

  @ApiProperty({ example: '203.0.113.7', description: "The client's address, for the consumer's IP restrictions." })
  @IsString() @Matches(/^[0-9a-fA-F.:%a-zA-Z]{2,64}$/, { message: 'must be an IP address' })
  clientIp: string;
}
