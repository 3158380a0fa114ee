import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** "Forgot password" links, stored as hashes (docs/security.md#forgot-password); portable schema API. */
export class PasswordResets1765267200000 implements MigrationInterface {
  name = 'PasswordResets1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'password_resets',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'userId', type: 'integer' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'datetime' },
          { name: 'expiresAt', type: 'datetime' },
          { name: 'usedAt', type: 'datetime', isNullable: true },
          { name: 'requestIp', type: 'varchar', length: '45', isNullable: true },
        ],
        indices: [
          { name: 'uq_password_resets_token_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'idx_password_resets_user', columnNames: ['userId'] },
          { name: 'idx_password_resets_expires', columnNames: ['expiresAt'] },
        ],
        foreignKeys: [
          {
            name: 'fk_password_resets_user',
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
    await q.dropTable('password_resets');
  }
}
