import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The security audit trail (portable schema API). */
export class Audit1764144000000 implements MigrationInterface {
  name = 'Audit1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'timestamp', type: 'datetime' },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'actorName', type: 'varchar', length: '85', isNullable: true },
          { name: 'target', type: 'varchar', length: '255', default: "''" },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
          { name: 'count', type: 'integer', default: 1 },
        ],
        indices: [
          { name: 'idx_audit_time', columnNames: ['timestamp'] },
          { name: 'idx_audit_action', columnNames: ['action', 'id'] },
          { name: 'idx_audit_actor', columnNames: ['actorId', 'id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_events');
  }
}
