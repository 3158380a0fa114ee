import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { UserGroup } from './user-group.entity';

/** An account that owns consumers and authorizes apps. `id` is the user's central id. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** As the user typed it; shown everywhere. */
  @Column({ type: 'varchar', length: 85 })
  username: string;

  /** Unicode-normalized, lower-cased username: what makes names unique case-insensitively. */
  @Index('uq_users_username_key', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  usernameKey: string;

  /**
   * SHA-256 of the name's look-alike key (username.ts): one account per look-alike group. Null
   * only for rows that already collided when the column arrived (`user:confusables` lists them).
   */
  @Index('uq_users_skeleton_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  skeletonHash?: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  emailVerified: boolean;

  @Column({ type: 'varchar', length: 255, default: '' })
  realName: string;

  /** The language of pages and mail, a catalog/messages folder name; null: the browser's (Accept-Language). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  /** argon2id; never selected unless asked for (login only). */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash?: string;

  @Column({ type: 'datetime' })
  registeredAt: Date;

  /** A blocked user may log in but gets no rights beyond everyone's (`*`), and no app acts for them. */
  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  /** A locked account cannot log in at all; its sessions are ended when it is locked. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @OneToMany(() => UserGroup, (membership) => membership.user, { cascade: true })
  memberships?: Relation<UserGroup>[];
}
