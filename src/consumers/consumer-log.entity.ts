import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Consumer } from './consumer.entity';

/**
 * The consumer log (MediaWiki's log type `mwoauthconsumer`, docs/mediawiki-compatibility.md#names):
 * one row per stage change or update, written in the same transaction as the change it records.
 */
@Entity('consumer_log')
@Index('idx_consumer_log_consumer', ['consumerId', 'id'])
@Index('idx_consumer_log_time', ['timestamp'])
export class ConsumerLogEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  consumerId: number;

  @ManyToOne(() => Consumer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumerId', foreignKeyConstraintName: 'fk_consumer_log_consumer' })
  consumer?: Relation<Consumer>;

  /** The user who acted; null for the system (auto-expiry). */
  @Column({ type: 'integer', nullable: true })
  performerId: number | null;

  /** propose, propose-autoapproved, create-owner-only, update, approve, reject, disable, reenable, expire. */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  reason: string;

  /** Whether this action suppressed the consumer (reject/disable with suppress). */
  @Column({ type: 'boolean', default: false })
  suppressed: boolean;

  @Column({ type: 'datetime' })
  timestamp: Date;
}
