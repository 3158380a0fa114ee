import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A person's language for pages and mail (docs/development.md#languages); null: the browser's. */
export class UserLanguage1765180800000 implements MigrationInterface {
  name = 'UserLanguage1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'language', type: 'varchar', length: '16', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'language');
  }
}
