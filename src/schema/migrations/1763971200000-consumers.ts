import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const cascade = { onDelete: 'CASCADE', onUpdate: 'NO ACTION' } as const;

/** The consumer registry, its log, and users' authorizations (portable schema API). */
export class Consumers1763971200000 implements MigrationInterface {
  name = 'Consumers1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'consumers',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'consumerKey', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'ownerId', type: 'integer' },
          { name: 'version', type: 'varchar', length: '32' },
          { name: 'callbackUrl', type: 'varchar', length: '2000' },
          { name: 'callbackIsPrefix', type: 'boolean', default: 0 },
          { name: 'description', type: 'text' },
          { name: 'email', type: 'varchar', length: '255' },
          { name: 'emailAuthenticated', type: 'datetime', isNullable: true },
          { name: 'developerAgreement', type: 'boolean', default: 0 },
          { name: 'ownerOnly', type: 'boolean', default: 0 },
          { name: 'oauthVersion', type: 'integer' },
          { name: 'wiki', type: 'varchar', length: '64', default: "'*'" },
          { name: 'grants', type: 'text' },
          { name: 'registeredAt', type: 'datetime' },
          { name: 'secretSeed', type: 'varchar', length: '64' },
          { name: 'rsaKey', type: 'text', isNullable: true },
          { name: 'restrictions', type: 'text' },
          { name: 'stage', type: 'integer', default: 0 },
          { name: 'stageTimestamp', type: 'datetime' },
          { name: 'deleted', type: 'boolean', default: 0 },
          { name: 'oauth2IsConfidential', type: 'boolean', default: 1 },
          { name: 'oauth2GrantTypes', type: 'text', isNullable: true },
          { name: 'revision', type: 'integer', default: 1 },
        ],
        indices: [
          { name: 'uq_consumers_key', columnNames: ['consumerKey'], isUnique: true },
          { name: 'uq_consumers_name_owner_version', columnNames: ['name', 'ownerId', 'version'], isUnique: true },
          { name: 'idx_consumers_owner', columnNames: ['ownerId'] },
          { name: 'idx_consumers_stage_time', columnNames: ['stage', 'stageTimestamp'] },
        ],
        foreignKeys: [
          {
            name: 'fk_consumers_owner',
            columnNames: ['ownerId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consumer_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'consumerId', type: 'integer' },
          { name: 'performerId', type: 'integer', isNullable: true },
          { name: 'action', type: 'varchar', length: '32' },
          { name: 'reason', type: 'varchar', length: '1000', default: "''" },
          { name: 'suppressed', type: 'boolean', default: 0 },
          { name: 'timestamp', type: 'datetime' },
        ],
        indices: [
          { name: 'idx_consumer_log_consumer', columnNames: ['consumerId', 'id'] },
          { name: 'idx_consumer_log_time', columnNames: ['timestamp'] },
        ],
        foreignKeys: [
          {
            name: 'fk_consumer_log_consumer',
            columnNames: ['consumerId'],
            referencedTableName: 'consumers',
            referencedColumnNames: ['id'],
            ...cascade,
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'authorizations',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'userId', type: 'integer' },
          { name: 'consumerId', type: 'integer' },
          { name: 'wiki', type: 'varchar', length: '64' },
          { name: 'grants', type: 'text' },
          { name: 'acceptedAt', type: 'datetime' },
          { name: 'oauthVersion', type: 'integer' },
          { name: 'accessToken', type: 'varchar', length: '32' },
          { name: 'accessSecretSeed', type: 'varchar', length: '64' },
        ],
        indices: [
          {
            name: 'uq_authorizations_user_consumer_wiki',
            columnNames: ['userId', 'consumerId', 'wiki'],
            isUnique: true,
          },
          { name: 'idx_authorizations_consumer_user', columnNames: ['consumerId', 'userId'] },
          { name: 'idx_authorizations_user', columnNames: ['userId', 'id'] },
          { name: 'uq_authorizations_access_token', columnNames: ['accessToken'], isUnique: true },
        ],
        foreignKeys: [
          {
            name: 'fk_authorizations_user',
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            ...cascade,
          },
          {
            name: 'fk_authorizations_consumer',
            columnNames: ['consumerId'],
            referencedTableName: 'consumers',
            referencedColumnNames: ['id'],
            ...cascade,
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('authorizations');
    await q.dropTable('consumer_log');
    await q.dropTable('consumers');
  }
}
