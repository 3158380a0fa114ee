import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One security event: who did what to what, from where, when. Floods (refused signatures,
 * failed logins) are counted per minute into one row (`count`), not one row per request.
 */
@Entity('audit_events')
@Index('idx_audit_time', ['timestamp'])
@Index('idx_audit_action', ['action', 'id'])
@Index('idx_audit_actor', ['actorId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'datetime' })
  timestamp: Date;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  /** The actor's name when it happened (it survives the account's deletion). */
  @Column({ type: 'varchar', length: 85, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  target: string;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'integer', default: 1 })
  count: number;
}
