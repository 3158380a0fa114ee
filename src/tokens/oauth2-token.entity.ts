import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Authorization } from '../authorizations/authorization.entity';
import { Consumer } from '../consumers/consumer.entity';

/**
 * An issued OAuth 2 token: only the SHA-256 of its identifier (the access token's `jti`, or the
 * refresh token itself) is stored (fosite/Hydra). Tokens hang off their authorization, so
 * revoking the authorization deletes them; a family ties together everything one code started.
 */
@Entity('oauth2_tokens')
@Index('idx_oauth2_tokens_authorization', ['authorizationId'])
@Index('idx_oauth2_tokens_family', ['familyId'])
@Index('idx_oauth2_tokens_expires', ['expiresAt'])
export class OAuth2Token {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_oauth2_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** `access` or `refresh`. */
  @Column({ type: 'varchar', length: 8 })
  kind: 'access' | 'refresh';

  @Column({ type: 'integer' })
  consumerId: number;

  @ManyToOne(() => Consumer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consumerId', foreignKeyConstraintName: 'fk_oauth2_tokens_consumer' })
  consumer?: Relation<Consumer>;

  /** Null for app-only (client_credentials) tokens. */
  @Column({ type: 'integer', nullable: true })
  authorizationId: number | null;

  @ManyToOne(() => Authorization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorizationId', foreignKeyConstraintName: 'fk_oauth2_tokens_authorization' })
  authorization?: Relation<Authorization>;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'simple-json' })
  scopes: string[];

  @Column({ type: 'varchar', length: 32 })
  grantType: string;

  /** Everything issued from one authorization code (or one client_credentials call) shares it. */
  @Column({ type: 'varchar', length: 64 })
  familyId: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** Refresh tokens: when rotation consumed it. */
  @Column({ type: 'datetime', nullable: true })
  consumedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
