import { ApiProperty } from '@nestjs/swagger';
import { UserRef } from './consumer.response';

export class ConsumerLogEntryResponse {
  @ApiProperty({ example: 41 })
  id: number;

  @ApiProperty({ example: '3f1c0e8a5b7d4c2e9a6f1b0d8c7e5a43' })
  consumerKey: string;

  @ApiProperty({ example: 'approve' })
  action: string;

  @ApiProperty({ type: UserRef, nullable: true, description: 'Null for the system (auto-expiry).' })
  performer: UserRef | null;

  @ApiProperty({ example: 'Looks good.' })
  reason: string;

  @ApiProperty({ description: 'This action suppressed the consumer.' })
  suppressed: boolean;

  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' })
  timestamp: string;
}

export class ConsumerLogPage {
  @ApiProperty({ type: [ConsumerLogEntryResponse] })
  items: ConsumerLogEntryResponse[];

  @ApiProperty({ type: Number, nullable: true })
  nextCursor: number | null;
}

export class ConsumerStatsResponse {
  @ApiProperty({
    example: { proposed: 3, approved: 12, rejected: 1, expired: 0, disabled: 2, 'configuration-based': 0 },
  })
  counts: Record<string, number>;
}
