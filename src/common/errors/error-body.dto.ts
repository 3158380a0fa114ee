import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailBody {
  @ApiProperty({ example: 'username' })
  field: string;

  @ApiProperty({ example: 'must be shorter than or equal to 85 characters' })
  message: string;

  @ApiPropertyOptional({
    example: 'mwoauth-invalid-grants',
    description: 'The MediaWiki message key, where there is one.',
  })
  code?: string;
}

/** Every admin API error. The `X-Request-Id` response header identifies the request in the logs. */
export class ErrorBody {
  @ApiProperty({ description: 'A stable, machine-readable code.', example: 'invalid_request' })
  error: string;

  @ApiProperty({ description: 'A sentence for people.', example: 'Invalid fields: username.' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailBody], description: 'Field errors, for validation failures.' })
  details?: ErrorDetailBody[];
}
