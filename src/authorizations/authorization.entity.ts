import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Consumer } from '../consumers/consumer.entity';
import { User } from '../users/user.entity';

/**
 * A user's authorization of a consumer for a target, MediaWiki's "acceptance"
 * (docs/mediawiki-compatibility.md#authorizations). For OAuth 1.0a it also holds the access token; the
 * access secret is derived from SECRET_KEY and the seed, like consumer secrets, so a dump reveals
 * no usable credential.
 */
@Entity('authorizations')
@Index('uq_authorizations_user_consumer_wiki', ['userId', 'consumerId', 'wiki'], { unique: true })
@Index('idx_authorizations_consumer_user', ['consumerId', 'userId'])
@Index('idx_authorizations_user', ['userId', 'id'])
export class Authorization {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_authorizations_user' })
  user?: Relation<User>;

  @Column({ type: 'integer' })
  consumerId: number;

  @ManyToOne(() => Consumer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumerId', foreignKeyConstraintName: 'fk_authorizations_consumer' })
  consumer?: Relation<Consumer>;

  @Column({ type: 'varchar', length: 64 })
  wiki: string;

  @Column({ type: 'simple-json' })
  grants: string[];

  @Column({ type: 'datetime' })
  acceptedAt: Date;

  @Column({ type: 'integer' })
  oauthVersion: 1 | 2;

  /** OAuth 1.0a access token key (32 hex, public). */
  @Index('uq_authorizations_access_token', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  accessToken: string;

  @Column({ type: 'varchar', length: 64, select: false })
  accessSecretSeed?: string;
}
