import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { buildProgram, CliIo } from '../src/cli/program';
import { DatabaseSettings, parseDatabaseUrl } from '../src/common/config/database-url';
import { buildDataSourceOptions } from '../src/schema/data-source-options';
import { MIGRATIONS } from '../src/schema/migrations/index';
import { UsernameSkeleton1765094400000 } from '../src/schema/migrations/1765094400000-username-skeleton';
import { lookAlikeHash } from '../src/users/username';
import { UsersService } from '../src/users/users.service';
import { createTestDatabase, databaseKinds } from './helpers/databases';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';

/** Look-alikes of `admin` (docs/api.md#look-alike-usernames): each was accepted before the check. */
const EXAMPLES: [string, string, 400 | 409][] = [
  ['Cyrillic а', '\u0430dmin', 409],
  ['a zero-width joiner', 'admin\u200d', 400],
  ['a space inside', 'ad min', 409],
  ['a trailing no-break space', 'admin\u00a0', 400],
  ['a right-to-left override', '\u202enimda', 400],
  ['a soft hyphen', 'ad\u00admin', 400],
  ['a combining accent', 'admi\u0301n', 409],
];
const CONFLICT = 'is too similar to the existing account "admin"';

/** A row written past the service, as old data or another request would leave it. */
function insertUser(
  db: { query: DataSource['query'] },
  username: string,
  skeletonHash: string | null = null,
): Promise<unknown> {
  return db.query(
    'INSERT INTO users (username, usernameKey, passwordHash, registeredAt, skeletonHash) VALUES (?, ?, ?, ?, ?)',
    [username, username.toLowerCase(), 'x', '2026-01-01 00:00:00', skeletonHash],
  );
}

describe.each(databaseKinds())('look-alike usernames on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp(kind, { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password-1' });
    admin = await loginAgent(t.server, 'admin', 'admin-password-1');
  });
  afterAll(async () => {
    await t.close();
  });

  const countUsers = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);
  const count = async (where: string, params: unknown[]) =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM users WHERE (${where})`, params))[0].n);

  async function cli(...args: string[]): Promise<string[]> {
    const out: string[] = [];
    const io: CliIo = {
      open: async () => ({ context: t.app, close: async () => undefined }),
      out: (line) => out.push(line),
    };
    await buildProgram(io)
      .configureOutput({ writeErr: () => undefined })
      .parseAsync(['node', 'cli', ...args]);
    return out;
  }

  it.each(EXAMPLES)('POST /api/v1/users refuses %s beside admin, writing nothing', async (_label, username, status) => {
    const before = await countUsers();
    const res = await admin.post('/api/v1/users').send({ username, password: 'long-enough-1' }).expect(status);
    if (status === 409) {
      expect(res.body).toEqual({
        error: 'username_confusable',
        message: expect.stringContaining(CONFLICT),
        details: [{ field: 'username', message: CONFLICT, code: 'antispoof-name-conflict' }],
      });
    } else {
      expect(res.body).toEqual({
        error: 'invalid_request',
        message: expect.stringMatching(/^Invalid username: contains U\+[0-9A-F]{4,}, /),
        details: [
          { field: 'username', message: expect.stringMatching(/^contains U\+/), code: 'antispoof-blacklisted' },
        ],
      });
    }
    expect(await countUsers()).toBe(before);
  });

  it.each(EXAMPLES)(
    'the registration page refuses %s beside admin, writing nothing',
    async (_label, username, status) => {
      const before = await countUsers();
      const agent = request.agent(t.server);
      const _csrf = csrfTokenOf((await agent.get('/register').expect(200)).text);
      const res = await agent.post('/register').type('form').send({
        _csrf,
        username,
        email: 'someone@example.org',
        password: 'long-enough-1',
        passwordConfirm: 'long-enough-1',
      });
      expect(res.status).toBe(status);
      expect(res.text).toContain('<a href="#username">Username</a>');
      expect(res.text).toContain(
        status === 409 ? 'is too similar to the existing account &quot;admin&quot;' : 'contains U+',
      );
      expect(await countUsers()).toBe(before);
    },
  );

  it.each(EXAMPLES)('user:create refuses %s beside admin with a readable error', async (_label, username, status) => {
    const before = await countUsers();
    await expect(cli('user:create', '--username', username, '--password', 'long-enough-1')).rejects.toThrow(
      status === 409 ? CONFLICT : /^Invalid username: contains U\+/,
    );
    expect(await countUsers()).toBe(before);
  });

  it('still creates names that look like no other, and says "taken" for the same name in another case', async () => {
    await admin.post('/api/v1/users').send({ username: 'Administrator', password: 'long-enough-1' }).expect(201);
    await admin.post('/api/v1/users').send({ username: 'Ада Lovelace', password: 'long-enough-1' }).expect(201);
    const res = await admin.post('/api/v1/users').send({ username: 'ADMIN', password: 'long-enough-1' }).expect(409);
    expect(res.body.error).toBe('conflict');
  });

  it('logs in only with the name itself: an accented spelling finds no account, on either database', async () => {
    for (const spelling of ['ádmin', 'admín', 'ADMİN']) {
      const page = await request(t.server).get('/login').expect(200);
      const res = await request(t.server)
        .post('/login')
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text), username: spelling, password: 'admin-password-1' });
      expect([spelling, res.status]).not.toEqual([spelling, 303]);
    }
    await loginAgent(t.server, 'ADMIN', 'admin-password-1');
  });

  it('refuses at boot an ADMIN_USERNAME that looks like an existing account, or hides characters', async () => {
    const bootFailure = async (username: string): Promise<string> => {
      try {
        const env = { DATABASE_URL: t.database.url, ADMIN_USERNAME: username, ADMIN_PASSWORD: 'long-enough-1' };
        await (await createTestApp(kind, env)).close();
        return 'it booted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(await bootFailure('\u0430dmin')).toMatch(
      /^The username ".*" is too similar to the existing account "admin"\./,
    );
    // Not admin + ZWJ: MariaDB's collation ignores the joiner, so that one finds and keeps the existing admin.
    expect(await bootFailure('Operator\u200d')).toBe(
      'Invalid username: contains U+200D, an invisible or formatting character.',
    );
    expect(await count('usernameKey IN (?, ?)', ['\u0430dmin', 'operator\u200d'])).toBe(0);
  });

  it('lets exactly one of two look-alikes registered at once win', async () => {
    const names = ['Twin', 'Echo', 'Mirror', 'Copy', 'Shadow'];
    // Each name beside itself with Cyrillic letters where they look Latin (о, е, С, Т).
    const cyrillic = (name: string) =>
      name.replace('o', '\u043e').replace('e', '\u0435').replace('C', '\u0421').replace('T', '\u0422');
    const create = (username: string) => admin.post('/api/v1/users').send({ username, password: 'long-enough-1' });
    const results = await Promise.all(names.map((name) => Promise.all([create(name), create(cyrillic(name))])));
    for (const pair of results) {
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(pair.find((r) => r.status === 409)!.body.error).toBe('username_confusable');
    }
    expect(
      await count(
        'skeletonHash IN (?, ?, ?, ?, ?)',
        names.map((name) => lookAlikeHash(name)),
      ),
    ).toBe(5);
  });

  it('has the database refuse a second row with the same skeleton (what decides a race)', async () => {
    expect(await count('usernameKey = ? AND skeletonHash = ?', ['admin', lookAlikeHash('admin')])).toBe(1);
    // Latin alpha: a name no other test stores, so only the skeleton index can refuse it.
    await expect(insertUser(t.dataSource, '\u0251dmin', lookAlikeHash('\u0251dmin'))).rejects.toThrow(
      /unique|duplicate/i,
    );
  });

  it('names the look-alike that won when the service is raced', async () => {
    const users = t.app.get(UsersService);
    const names = ['Racer', 'R\u0430cer', 'Rac\u0435r'];
    const outcomes = await Promise.allSettled(
      names.map((username) => users.create({ username, password: 'long-enough-1' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(o.reason).toMatchObject({ status: 409, code: 'username_confusable' });
      // whichever of the three won
      expect((o.reason as Error).message).toMatch(/too similar to the existing account "R.c.r"/);
    }
  });

  // SQLite runs write transactions one at a time; MariaDB lets the check miss a look-alike not yet committed.
  (kind === 'mariadb' ? it : it.skip)(
    'catches, through the unique index, a look-alike committed while the check ran',
    async () => {
      const runner = t.dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        await insertUser(runner, 'Tango', lookAlikeHash('Tango'));
        const creating = t.app.get(UsersService).create({ username: '\u0422\u0430ngo', password: 'long-enough-1' });
        creating.catch(() => undefined);
        // Its check read no Tango; its INSERT now waits on the index entry that this transaction holds.
        const inserting = async () =>
          Number(
            (
              await t.dataSource.query(
                'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST ' +
                  "WHERE COMMAND = 'Query' AND INFO LIKE 'INSERT INTO `users`%' AND DB = DATABASE()",
              )
            )[0].n,
          );
        for (let i = 0; i < 100 && (await inserting()) === 0; i++)
          await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await inserting()).toBeGreaterThan(0);
        await runner.commitTransaction();
        await expect(creating).rejects.toMatchObject({ status: 409, code: 'username_confusable' });
        await expect(creating).rejects.toThrow('too similar to the existing account "Tango"');
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    },
  );

  it('user:confusables lists look-alikes planted directly in the database, and names it would now refuse', async () => {
    await insertUser(t.dataSource, '\u0430dmin');
    await insertUser(t.dataSource, '\u202enimda');
    const ids = await t.dataSource.query("SELECT id FROM users WHERE username IN ('admin', ?) ORDER BY id", [
      '\u0430dmin',
    ]);
    const [adminId, plantedId] = ids.map((r: { id: number }) => Number(r.id));
    const lines = await cli('user:confusables');
    expect(lines).toContain(`admin (id ${adminId}) ~ \u0430dmin (id ${plantedId}, spelt <U+0430>dmin)`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^<U\+202E>nimda \(id \d+\): contains U\+202E, an invisible or formatting character/),
    );
    const report = JSON.parse((await cli('user:confusables', '--json'))[0]);
    expect(report.lookAlikes).toContainEqual([
      { id: adminId, username: 'admin' },
      { id: plantedId, username: '\u0430dmin' },
    ]);
    expect(report.refused).toContainEqual({
      id: expect.any(Number),
      username: '\u202enimda',
      problem: expect.stringContaining('U+202E'),
    });
  });
});

describe.each(databaseKinds())('the username-skeleton migration on %s', (kind) => {
  const mine = MIGRATIONS.indexOf(UsernameSkeleton1765094400000);
  const open = (settings: DatabaseSettings, count: number) =>
    new DataSource({ ...buildDataSourceOptions(settings), migrations: MIGRATIONS.slice(0, count) }).initialize();

  it('backfills every row, keeps the first of each look-alike group, and keeps memberships', async () => {
    expect(mine).toBeGreaterThan(0);
    const database = await createTestDatabase(kind);
    const settings = parseDatabaseUrl(database.url) as DatabaseSettings;
    try {
      const before = await open(settings, mine);
      await before.runMigrations();
      for (const name of ['admin', 'Bob', '\u0430dmin', 'ADM\u0399N']) {
        await before.query(
          'INSERT INTO users (username, usernameKey, passwordHash, registeredAt) VALUES (?, ?, ?, ?)',
          [name, name.toLowerCase(), 'x', '2026-01-01 00:00:00'],
        );
      }
      await before.query(
        "INSERT INTO user_groups (userId, groupName) SELECT id, 'sysop' FROM users WHERE username = 'admin'",
      );
      await before.destroy();

      const after = await open(settings, MIGRATIONS.length);
      await after.runMigrations();
      const rows = await after.query('SELECT username, skeletonHash FROM users ORDER BY id');
      expect(rows).toEqual([
        { username: 'admin', skeletonHash: lookAlikeHash('admin') },
        { username: 'Bob', skeletonHash: lookAlikeHash('Bob') },
        { username: '\u0430dmin', skeletonHash: null },
        { username: 'ADM\u0399N', skeletonHash: null },
      ]);
      expect(Number((await after.query('SELECT COUNT(*) AS n FROM user_groups'))[0].n)).toBe(1);
      await after.undoLastMigration();
      await after.runMigrations();
      await after.destroy();
    } finally {
      await database.drop();
    }
  });
});
