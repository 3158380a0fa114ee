import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Sessions remember their last use, for the idle timeout (SESSION_IDLE_SECONDS). Portable schema API. */
export class SessionLastSeen1765008000000 implements MigrationInterface {
  name = 'SessionLastSeen1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('sessions', new TableColumn({ name: 'lastSeenAt', type: 'datetime', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('sessions', 'lastSeenAt');
  }
}
