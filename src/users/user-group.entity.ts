import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { User } from './user.entity';

/** One explicit group membership. The implicit groups (`*`, `user`) are never stored. */
@Entity('user_groups')
@Index('idx_user_groups_group', ['groupName'])
export class UserGroup {
  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  groupName: string;

  @ManyToOne(() => User, (user) => user.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_user_groups_user' })
  user?: Relation<User>;
}
