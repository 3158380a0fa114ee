import { UsersService } from '../src/users/users.service';
import { runCli } from './helpers/cli';
import { databaseKinds } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** `user:list` (docs/administration.md#user-list): the API's search at the command line. */
describe.each(databaseKinds())('CLI user:list on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const users = t.app.get(UsersService);
    await makeUser(t.app, { username: 'Carol', email: 'carol@Example.org', emailVerified: true, groups: ['sysop'] });
    const dave = await makeUser(t.app, { username: 'Dave_X', email: 'dave@example.org', emailVerified: true });
    await users.update(dave.id, { blocked: true });
    const erin = await makeUser(t.app, { username: 'DaveXErin', email: 'erin@other.test' });
    await users.update(erin.id, { locked: true });
    await makeUser(t.app, { username: 'Mallory', email: 'evil\u001b[31m\u202e@example.org', emailVerified: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const cli = (...args: string[]) => runCli(t.app, ...args);

  const names = async (...args: string[]) =>
    (JSON.parse((await cli('user:list', '--json', ...args))[0]) as { username: string }[]).map((u) => u.username);

  it('prints a table: id, username, email, status, groups, registration time', async () => {
    const lines = await cli('user:list', '--search', 'CAROL');
    expect(lines[0]).toMatch(/^ID +USERNAME +EMAIL +STATUS +GROUPS +REGISTERED$/);
    expect(lines).toHaveLength(2);
    expect(lines[1].split(/ {2,}/)).toEqual([
      expect.stringMatching(/^\d+$/),
      'Carol',
      'carol@Example.org',
      'ok',
      'sysop',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    ]);
  });

  it('searches and filters as the API does, wildcards matching themselves', async () => {
    expect(await names('--search', 'example.ORG')).toEqual(['Carol', 'Dave_X', 'Mallory']);
    expect(await names('--search', 'e_x')).toEqual(['Dave_X']);
    expect(await names('--group', 'sysop')).toEqual(['Carol']);
    expect(await names('--blocked')).toEqual(['Dave_X']);
    expect(await names('--locked')).toEqual(['DaveXErin']);
    expect(await names('--unconfirmed')).toEqual(['DaveXErin']);
    expect(await names('--search', 'dave', '--unconfirmed')).toEqual(['DaveXErin']);
    expect(await names('--limit', '2')).toEqual(['Carol', 'Dave_X']);
    expect(await cli('user:list', '--search', '%')).toEqual(['No users.']);
  });

  it('spells out control characters instead of sending them to the terminal', async () => {
    const [, row] = await cli('user:list', '--search', 'mallory');
    expect(row).toContain('evil<U+001B>[31m<U+202E>@example.org');
    expect(row).not.toMatch(/[\u001b\u202e]/);
  });

  it('refuses bad options with a readable error', async () => {
    await expect(cli('user:list', '--limit', '0')).rejects.toThrow(/positive whole number/);
    await expect(cli('user:list', '--search', 'x'.repeat(101))).rejects.toThrow(/at most 100 characters/);
    await expect(cli('user:list', '--group', 'wizard')).rejects.toThrow('No such group.');
  });
});
