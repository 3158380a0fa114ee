import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A "forgot password" link (docs/security.md#forgot-password). Only the SHA-256 of the link's
 * random token is stored, so a database dump holds no usable link; `usedAt` makes it single-use.
 */
@Entity('password_resets')
@Index('idx_password_resets_user', ['userId'])
@Index('idx_password_resets_expires', ['expiresAt'])
export class PasswordReset {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_password_resets_user' })
  user?: Relation<User>;

  /** SHA-256 (hex) of the token in the link; looked up, never compared by hand. */
  @Index('uq_password_resets_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** When the link was spent, or made void by another link's reset; null while it is usable. */
  @Column({ type: 'datetime', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  requestIp: string | null;
}
