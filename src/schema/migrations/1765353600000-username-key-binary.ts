import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.usernameKey compared byte for byte on MariaDB and MySQL, as SQLite always did. The key is
 * already normalized and lower-cased by the application (users/username.ts); the server's
 * `utf8mb4_unicode_ci` on top of that also ignored accents, so logging in as `ádmin` found the
 * account `admin` on MariaDB and no account on SQLite. Stricter than before, so the unique index
 * holds for every existing row.
 */
export class UsernameKeyBinary1765353600000 implements MigrationInterface {
  name = 'UsernameKeyBinary1765353600000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'better-sqlite3') return;
    await q.query(
      'ALTER TABLE `users` MODIFY `usernameKey` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'better-sqlite3') return;
    await q.query(
      'ALTER TABLE `users` MODIFY `usernameKey` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL',
    );
  }
}
