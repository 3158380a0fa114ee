import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { User } from '../users/user.entity';
import { ConsumerStage } from '../access/consumer-stage';

/**
 * A registered application: OAuth 1.0a consumer or OAuth 2 client, one registry for both
 * (MediaWiki's `oauth_registered_consumer`: docs/mediawiki-compatibility.md#names).
 */
@Entity('consumers')
@Index('uq_consumers_name_owner_version', ['name', 'ownerId', 'version'], { unique: true })
@Index('idx_consumers_owner', ['ownerId'])
@Index('idx_consumers_stage_time', ['stage', 'stageTimestamp'])
export class Consumer {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Public key / client_id: 32 hex characters. */
  @Index('uq_consumers_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  consumerKey: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** The owner's central user id. */
  @Column({ type: 'integer' })
  ownerId: number;

  @ManyToOne(() => User, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'ownerId', foreignKeyConstraintName: 'fk_consumers_owner' })
  owner?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'varchar', length: 2000 })
  callbackUrl: string;

  /** OAuth 1.0a only: `oauth_callback` may extend the registered URL (docs/mediawiki-compatibility.md#callbacks). */
  @Column({ type: 'boolean', default: false })
  callbackIsPrefix: boolean;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'datetime', nullable: true })
  emailAuthenticated: Date | null;

  @Column({ type: 'boolean', default: false })
  developerAgreement: boolean;

  @Column({ type: 'boolean', default: false })
  ownerOnly: boolean;

  @Column({ type: 'integer' })
  oauthVersion: 1 | 2;

  /** The target API ("wiki"), `*` for all. */
  @Column({ type: 'varchar', length: 64, default: '*' })
  wiki: string;

  /** Canonical grant names (legacy names are read, never written: docs/mediawiki-compatibility.md#rights). */
  @Column({ type: 'simple-json' })
  grants: string[];

  @Column({ type: 'datetime' })
  registeredAt: Date;

  /**
   * Random seed; the client-facing secret is HMAC(SECRET_KEY-derived key, seed), so a database
   * dump alone reveals no usable secret, as with MediaWiki's `hmacDBSecret`
   * (docs/mediawiki-compatibility.md#signatures-and-tokens). Never selected by default.
   */
  @Column({ type: 'varchar', length: 64, select: false })
  secretSeed?: string;

  /** OAuth 1.0a RSA-SHA1 public key (PEM), or null for HMAC consumers. */
  @Column({ type: 'text', nullable: true })
  rsaKey: string | null;

  /** IP allow-list: normalized CIDR ranges, IPv4 and IPv6. */
  @Column({ type: 'simple-json' })
  restrictions: string[];

  @Column({ type: 'integer', default: ConsumerStage.Proposed })
  stage: ConsumerStage;

  @Column({ type: 'datetime' })
  stageTimestamp: Date;

  /** Suppressed: hidden from everyone without `mwoauthviewsuppressed`. */
  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @Column({ type: 'boolean', default: true })
  oauth2IsConfidential: boolean;

  @Column({ type: 'simple-json', nullable: true })
  oauth2GrantTypes: string[] | null;

  /** Bumped by every change: the ETag, and the optimistic-concurrency check of updates. */
  @Column({ type: 'integer', default: 1 })
  revision: number;
}
