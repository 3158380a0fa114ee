import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const cascade = { onDelete: 'CASCADE', onUpdate: 'NO ACTION' } as const;

/** OAuth 2 signing keys and issued tokens (portable schema API). */
export class OAuth21764057600000 implements MigrationInterface {
  name = 'OAuth21764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'oauth2_signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '64', isPrimary: true },
          { name: 'alg', type: 'varchar', length: '16' },
          { name: 'publicJwk', type: 'text' },
          { name: 'privateKeyEncrypted', type: 'text' },
          { name: 'createdAt', type: 'datetime' },
          { name: 'activatesAt', type: 'datetime' },
          { name: 'expiresAt', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'oauth2_tokens',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'consumerId', type: 'integer' },
          { name: 'authorizationId', type: 'integer', isNullable: true },
          { name: 'userId', type: 'integer', isNullable: true },
          { name: 'scopes', type: 'text' },
          { name: 'grantType', type: 'varchar', length: '32' },
          { name: 'familyId', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'datetime' },
          { name: 'expiresAt', type: 'datetime' },
          { name: 'consumedAt', type: 'datetime', isNullable: true },
          { name: 'revokedAt', type: 'datetime', isNullable: true },
        ],
        indices: [
          { name: 'uq_oauth2_tokens_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'idx_oauth2_tokens_authorization', columnNames: ['authorizationId'] },
          { name: 'idx_oauth2_tokens_family', columnNames: ['familyId'] },
          { name: 'idx_oauth2_tokens_expires', columnNames: ['expiresAt'] },
        ],
        foreignKeys: [
          {
            name: 'fk_oauth2_tokens_consumer',
            columnNames: ['consumerId'],
            referencedTableName: 'consumers',
            referencedColumnNames: ['id'],
            ...cascade,
          },
          {
            name: 'fk_oauth2_tokens_authorization',
            columnNames: ['authorizationId'],
            referencedTableName: 'authorizations',
            referencedColumnNames: ['id'],
            ...cascade,
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('oauth2_tokens');
    await q.dropTable('oauth2_signing_keys');
  }
}
