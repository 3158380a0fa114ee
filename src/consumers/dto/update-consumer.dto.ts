import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { RestrictionsField } from './restrictions-field';

/**
 * What an owner may change after proposing (docs/mediawiki-compatibility.md#proposals):
 * restrictions and the RSA key.
 */
export class UpdateConsumerDto {
  @ApiPropertyOptional({ example: ['192.0.2.0/24', '2001:db8::/32'] })
  @RestrictionsField()
  restrictions?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'OAuth 1.0a: a new RSA public key (PEM), or empty to remove it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  rsaKey?: string;

  @ApiProperty({ example: 'Moved to a new server.', maxLength: 1000 })
  @IsString()
  @MinLength(1, { message: 'is required' })
  @MaxLength(1000)
  reason: string;
}

export class ResetSecretDto {
  @ApiPropertyOptional({ example: 'The old secret leaked.', maxLength: 1000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
