import { ApiProperty } from '@nestjs/swagger';

export class AuditEventResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' }) timestamp: string;
  @ApiProperty({ example: 'consumer.secret_reset' }) action: string;
  @ApiProperty({ type: Object, nullable: true, example: { id: 7, username: 'Alice' } }) actor: {
    id: number | null;
    username: string;
  } | null;
  @ApiProperty({ example: 'consumer 3f1c…' }) target: string;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ type: Object, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ example: 1, description: 'How many times it happened in that minute (floods are counted).' })
  count: number;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty({ type: Number, nullable: true }) nextCursor: number | null;
}
