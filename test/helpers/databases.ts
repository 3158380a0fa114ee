import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** A database for one test app: created fresh, dropped afterwards. */
export interface TestDatabase {
  kind: 'sqlite' | 'mariadb';
  url: string;
  drop(): Promise<void>;
}

export type DatabaseKind = TestDatabase['kind'];

/** SQLite always; MariaDB too when TEST_MYSQL_URL is set (as .ci/run does). */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_MYSQL_URL ? ['sqlite', 'mariadb'] : ['sqlite'];
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  if (kind === 'sqlite') {
    const file = join(tmpdir(), `consentry-test-${suffix}.sqlite`);
    return {
      kind,
      url: `sqlite:${file}`,
      drop: async () => {
        for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });
      },
    };
  }
  // One database per test file, so files can run in parallel without seeing each other's rows.
  const base = new URL(process.env.TEST_MYSQL_URL!);
  const name = `${base.pathname.replace(/^\//, '') || 'consentry_test'}_${suffix}`;
  const admin = () =>
    createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
    });
  const connection = await admin();
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const c = await admin();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
