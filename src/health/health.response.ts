import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiPropertyOptional({
    example: { database: 'up', redis: 'up' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  checks?: Record<string, string>;
}
