import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { lookAlikeHash } from '../../users/username';

const PAGE = 1000;

interface Row {
  id: number | string;
  username: string;
}

/**
 * users.skeletonHash under a unique index: two look-alike names cannot both be stored, even when
 * registered at the same moment (docs/api.md#look-alike-usernames). Existing rows are backfilled
 * in id order; a row whose look-alike came first keeps NULL (a unique index allows many), so the
 * upgrade never fails on old collisions: `user:confusables` lists them. Portable schema API.
 */
export class UsernameSkeleton1765094400000 implements MigrationInterface {
  name = 'UsernameSkeleton1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'users',
      new TableColumn({ name: 'skeletonHash', type: 'varchar', length: '64', isNullable: true }),
    );
    const seen = new Set<string>();
    for (let after = 0; ;) {
      const rows = (await q.query('SELECT id, username FROM users WHERE id > ? ORDER BY id LIMIT ?', [
        after,
        PAGE,
      ])) as Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const hash = lookAlikeHash(row.username);
        if (seen.has(hash)) continue;
        seen.add(hash);
        await q.query('UPDATE users SET skeletonHash = ? WHERE id = ?', [hash, row.id]);
      }
      after = Number(rows[rows.length - 1].id);
    }
    await q.createIndex(
      'users',
      new TableIndex({ name: 'uq_users_skeleton_hash', columnNames: ['skeletonHash'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'uq_users_skeleton_hash');
    await q.dropColumn('users', 'skeletonHash');
  }
}
