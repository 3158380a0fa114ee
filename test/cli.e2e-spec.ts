import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/schema/data-source-options';
import { buildProgram, CliIo } from '../src/cli/program';
import { runCli } from './helpers/cli';
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

  const cli = (...args: string[]) => runCli(t.app, ...args);

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

  it('--version prints the version in package.json', async () => {
    const out: string[] = [];
    const io: CliIo = {
      open: async () => {
        throw new Error('--version must not open the application');
      },
      out: (line) => out.push(line),
    };
    await expect(buildProgram(io).parseAsync(['node', 'cli', '--version'])).rejects.toMatchObject({
      code: 'commander.version',
      exitCode: 0,
    });
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(out).toEqual([version]);
  });

  describe('consumers', () => {
    const created: Record<string, { consumerKey: string; secret: string; accessToken?: string }> = {};
    const create = async (name: string, ...args: string[]) => {
      const [line] = await cli('consumer:create', '--owner', 'Lister', '--name', name, '--version', '1.0', ...args);
      created[name] = JSON.parse(line);
      return created[name];
    };
    beforeAll(async () => {
      await cli('user:create', '--username', 'Lister', '--password', 'lister-pass-1');
      await cli('user:create', '--username', 'Other', '--password', 'other-pass-1');
      await create(
        'Listed Web',
        '--oauth-version',
        '2',
        '--callback',
        'https://web.example.org/cb',
        '--grants',
        'editpage',
        '--approve',
        '--json',
      );
      await create(
        'Listed Bot',
        '--oauth-version',
        '1',
        '--callback',
        'https://bot.example.org/cb',
        '--grants',
        'highvolume',
        '--json',
      );
      await create('Listed Script', '--oauth-version', '2', '--grants', 'editpage', '--owner-only', '--json');
      const [line] = await cli(
        'consumer:create',
        '--owner',
        'Other',
        '--name',
        'Not Mine',
        '--version',
        '3.1',
        '--oauth-version',
        '2',
        '--callback',
        'https://other.example.org/cb',
        '--grants',
        'editpage',
        '--json',
      );
      created['Not Mine'] = JSON.parse(line);
    });

    const rowOf = (lines: string[], name: string) => lines.find((l) => l.startsWith(created[name].consumerKey));

    it('consumer:list prints one line per consumer: key, name, version, stage, owner, OAuth version', async () => {
      const lines = await cli('consumer:list', '--owner', 'Lister');
      expect(lines[0]).toMatch(/^KEY +NAME +VERSION +STAGE +OWNER +OAUTH$/);
      expect(lines).toHaveLength(4);
      expect(rowOf(lines, 'Listed Web')?.split(/ {2,}/)).toEqual([
        created['Listed Web'].consumerKey,
        'Listed Web',
        '1.0',
        'approved',
        'Lister',
        'OAuth 2',
      ]);
      expect(rowOf(lines, 'Listed Bot')?.split(/ {2,}/)).toEqual([
        created['Listed Bot'].consumerKey,
        'Listed Bot',
        '1.0',
        'proposed',
        'Lister',
        'OAuth 1.0a',
      ]);
      expect(rowOf(lines, 'Listed Script')?.split(/ {2,}/)).toEqual([
        created['Listed Script'].consumerKey,
        'Listed Script',
        '1.0',
        'approved',
        'Lister',
        'OAuth 2 owner-only',
      ]);
    });

    it('consumer:list filters by stage, owner and OAuth version, and prints JSON', async () => {
      const names = async (...args: string[]) =>
        (JSON.parse((await cli('consumer:list', '--json', ...args))[0]) as { name: string }[])
          .map((c) => c.name)
          .sort();
      expect(await names()).toEqual(['Listed Bot', 'Listed Script', 'Listed Web', 'Not Mine']);
      expect(await names('--stage', 'proposed')).toEqual(['Listed Bot', 'Not Mine']);
      expect(await names('--stage', 'approved', '--owner', 'Lister')).toEqual(['Listed Script', 'Listed Web']);
      expect(await names('--oauth-version', '1')).toEqual(['Listed Bot']);
      expect(await names('--owner', 'Other', '--oauth-version', '2')).toEqual(['Not Mine']);
      expect(await names('--limit', '1')).toHaveLength(1);
      expect(await cli('consumer:list', '--stage', 'rejected')).toEqual(['No consumers.']);
      await expect(cli('consumer:list', '--owner', 'nobody-here')).rejects.toThrow('No user named nobody-here.');
      await expect(cli('consumer:list', '--stage', 'pending')).rejects.toThrow(/Allowed choices are/);
      await expect(cli('consumer:list', '--limit', '0')).rejects.toThrow(/positive whole number/);
    });

    it('consumer:show prints what a reviewer sees, never a secret', async () => {
      for (const name of Object.keys(created)) {
        const { consumerKey, secret, accessToken } = created[name];
        const [seedRow] = await t.dataSource.query('SELECT secretSeed FROM consumers WHERE consumerKey = ?', [
          consumerKey,
        ]);
        const text = (await cli('consumer:show', consumerKey)).join('\n');
        const json = (await cli('consumer:show', consumerKey, '--json')).join('\n');
        for (const printed of [text, json]) {
          expect(printed).toContain(consumerKey);
          expect(printed).not.toContain(secret);
          expect(printed).not.toContain(seedRow.secretSeed);
          if (accessToken) expect(printed).not.toContain(accessToken);
        }
        expect(JSON.parse(json)).not.toHaveProperty('secret');
        expect(JSON.parse(json)).not.toHaveProperty('secretSeed');
      }
      const web = await cli('consumer:show', created['Listed Web'].consumerKey);
      expect(web).toEqual(
        expect.arrayContaining([
          'Listed Web [1.0]',
          `consumerKey: ${created['Listed Web'].consumerKey}`,
          expect.stringMatching(/^owner: Lister \(id \d+\)$/),
          'oauthVersion: OAuth 2',
          expect.stringMatching(/^stage: approved since \d{4}-/),
          'callbackUrl: https://web.example.org/cb',
          'grants: basic, editpage',
          'grantTypes: authorization_code, refresh_token',
          'restrictions: 0.0.0.0/0, ::/0',
        ]),
      );
      // Owner-only consumers are personal: their private fields are not shown to the operator either.
      const script = await cli('consumer:show', created['Listed Script'].consumerKey);
      expect(script).toContain('hidden: email, emailAuthenticated, restrictions, rsaKey');
      expect(script.join('\n')).not.toMatch(/^restrictions:/m);
      await expect(cli('consumer:show', 'ffffffffffffffffffffffffffffffff')).rejects.toThrow('No consumer has the key');
    });

    it('spells out control characters in names instead of sending them to the terminal', async () => {
      const name = 'Red \u001b[31mAlert\u202e';
      const { consumerKey } = await create(
        name,
        '--oauth-version',
        '2',
        '--grants',
        'editpage',
        '--owner-only',
        '--json',
      );
      const row = rowOf(await cli('consumer:list'), name);
      expect(row).toContain('Red <U+001B>[31mAlert<U+202E>');
      expect((await cli('consumer:show', consumerKey))[0]).toBe('Red <U+001B>[31mAlert<U+202E> [1.0]');
    });

    it('consumer:create prints only the credentials an owner-only consumer has', async () => {
      const v2 = await cli(
        'consumer:create',
        '--owner',
        'Lister',
        '--name',
        'Token Only',
        '--version',
        '1.0',
        '--oauth-version',
        '2',
        '--grants',
        'editpage',
        '--owner-only',
      );
      expect(v2).toHaveLength(1);
      const lines = v2[0].split('\n');
      expect(lines.map((l) => l.split(':')[0])).toEqual([
        'Created Token Only [1.0] (approved)',
        'consumerKey',
        'secret',
        'accessToken',
      ]);
      expect(v2[0]).not.toContain('undefined');
      expect(lines[3]).toMatch(/^accessToken: [\w-]+\.[\w-]+\.[\w-]+$/);
      const v1 = (
        await cli(
          'consumer:create',
          '--owner',
          'Lister',
          '--name',
          'Key And Secret',
          '--version',
          '1.0',
          '--oauth-version',
          '1',
          '--grants',
          'editpage',
          '--owner-only',
        )
      )[0].split('\n');
      expect(v1.map((l) => l.split(':')[0])).toEqual([
        'Created Key And Secret [1.0] (approved)',
        'consumerKey',
        'secret',
        'accessToken',
        'accessSecret',
      ]);
      expect(v1.join('\n')).not.toContain('undefined');
      const plain = (
        await cli(
          'consumer:create',
          '--owner',
          'Lister',
          '--name',
          'No Credentials',
          '--version',
          '1.0',
          '--oauth-version',
          '2',
          '--callback',
          'https://plain.example.org/cb',
          '--grants',
          'editpage',
        )
      )[0].split('\n');
      expect(plain.map((l) => l.split(':')[0])).toEqual([
        'Created No Credentials [1.0] (proposed)',
        'consumerKey',
        'secret',
      ]);
    });
  });
});
