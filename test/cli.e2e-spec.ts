import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/schema/data-source-options';
import { buildProgram, CliIo } from '../src/cli/program';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';

describe.each(databaseKinds())('CLI on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs one command against the test app, the way `npm run cli -- …` runs it against a fresh one. */
  async function cli(...args: string[]): Promise<string[]> {
    const out: string[] = [];
    const io: CliIo = {
      open: async () => ({ context: t.app, close: async () => undefined }),
      out: (line) => out.push(line),
    };
    const program = buildProgram(io).configureOutput({ writeErr: () => undefined });
    await program.parseAsync(['node', 'cli', ...args]);
    return out;
  }

  it('user:create makes a user who can log in, and prints JSON when asked', async () => {
    const [line] = await cli(
      'user:create',
      '--username',
      'Operator',
      '--password',
      'operator-pass-1',
      '--email',
      'op@example.org',
      '--groups',
      'oauthadmin,bot',
      '--email-verified',
      '--json',
    );
    const printed = JSON.parse(line);
    expect(printed).toMatchObject({
      username: 'Operator',
      email: 'op@example.org',
      emailVerified: true,
      groups: ['*', 'user', 'bot', 'oauthadmin'],
    });
    const agent = await loginAgent(t.server, 'Operator', 'operator-pass-1');
    expect((await agent.get('/api/v1/users/me').expect(200)).body.id).toBe(printed.id);
  });

  it('user:set-groups replaces the explicit groups', async () => {
    await cli('user:create', '--username', 'Promoted', '--password', 'promoted-pass-1');
    const [line] = await cli('user:set-groups', '--username', 'promoted', '--groups', 'sysop');
    expect(line).toBe('Promoted is now in: sysop');
    const agent = await loginAgent(t.server, 'Promoted', 'promoted-pass-1');
    expect((await agent.get('/api/v1/users/me').expect(200)).body.rights).toContain('userrights');
  });

  it('refuses bad input with a readable error and writes nothing', async () => {
    await expect(cli('user:create', '--username', 'Weak', '--password', 'short')).rejects.toThrow(
      'at least 8 characters',
    );
    await expect(
      cli('user:create', '--username', 'Grouped', '--password', 'long-enough-1', '--groups', 'wizard'),
    ).rejects.toThrow('Unknown or implicit groups: wizard.');
    await expect(cli('user:set-groups', '--username', 'nobody-here', '--groups', 'sysop')).rejects.toThrow(
      'No user named nobody-here.',
    );
    await expect(cli('user:create', '--username', 'NoPassword')).rejects.toThrow(/required option/);
    const rows = await t.dataSource.query(
      "SELECT COUNT(*) AS n FROM users WHERE usernameKey IN ('weak', 'grouped', 'nopassword')",
    );
    expect(Number(rows[0].n)).toBe(0);
    await request(t.server).get('/healthz').expect(200);
  });

  it('migrate reports an up-to-date database', async () => {
    expect(await cli('migrate')).toEqual(['The database is up to date.']);
  });

  it('migrate creates a fresh database without booting the application first', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'consentry-migrate-')), 'fresh.sqlite');
    const out: string[] = [];
    const io: CliIo = {
      open: async () => {
        throw new Error('the application must not boot before the tables exist');
      },
      out: (line) => out.push(line),
      openDatabase: async () => {
        const dataSource = await new DataSource(
          buildDataSourceOptions({ type: 'better-sqlite3', database: file }),
        ).initialize();
        return { dataSource, close: () => dataSource.destroy() };
      },
    };
    await buildProgram(io).parseAsync(['node', 'cli', 'migrate']);
    await buildProgram(io).parseAsync(['node', 'cli', 'migrate']);
    expect(out).toEqual([expect.stringMatching(/^Applied: Initial\d+, /), 'The database is up to date.']);
  });
});
