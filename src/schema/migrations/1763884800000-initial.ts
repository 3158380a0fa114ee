import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Users, their groups and login sessions. Written with TypeORM's schema API rather than raw
 * SQL so the same migration runs on SQLite and MariaDB.
 */
export class Initial1763884800000 implements MigrationInterface {
  name = 'Initial1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '85' },
          { name: 'usernameKey', type: 'varchar', length: '255' },
          { name: 'email', type: 'varchar', length: '255', isNullable: true },
          { name: 'emailVerified', type: 'boolean', default: 0 },
          { name: 'realName', type: 'varchar', length: '255', default: "''" },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'registeredAt', type: 'datetime' },
          { name: 'blocked', type: 'boolean', default: 0 },
          { name: 'locked', type: 'boolean', default: 0 },
        ],
        indices: [{ name: 'uq_users_username_key', columnNames: ['usernameKey'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_groups',
        columns: [
          { name: 'userId', type: 'integer', isPrimary: true },
          { name: 'groupName', type: 'varchar', length: '64', isPrimary: true },
        ],
        indices: [{ name: 'idx_user_groups_group', columnNames: ['groupName'] }],
        foreignKeys: [
          {
            name: 'fk_user_groups_user',
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'userId', type: 'integer' },
          { name: 'createdAt', type: 'datetime' },
          { name: 'expiresAt', type: 'datetime' },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'userAgent', type: 'varchar', length: '255', isNullable: true },
        ],
        indices: [
          { name: 'idx_sessions_user', columnNames: ['userId'] },
          { name: 'idx_sessions_expires', columnNames: ['expiresAt'] },
        ],
        foreignKeys: [
          {
            name: 'fk_sessions_user',
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sessions');
    await q.dropTable('user_groups');
    await q.dropTable('users');
  }
}
