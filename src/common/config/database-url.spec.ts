import { parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:data/consentry.sqlite', { type: 'better-sqlite3', database: 'data/consentry.sqlite' }],
    ['sqlite:///var/lib/consentry.sqlite', { type: 'better-sqlite3', database: '/var/lib/consentry.sqlite' }],
    ['sqlite::memory:', { type: 'better-sqlite3', database: ':memory:' }],
    [
      'mysql://u:p%40ss@db:3306/consentry',
      { type: 'mysql', url: 'mysql://u:p%40ss@db:3306/consentry', database: 'consentry' },
    ],
    ['mariadb://root@127.0.0.1/test', { type: 'mariadb', url: 'mysql://root@127.0.0.1/test', database: 'test' }],
  ])('reads %s', (input, expected) => {
    expect(parseDatabaseUrl(input)).toEqual(expected);
  });

  it.each([
    ['sqlite:', 'needs a file path after sqlite:'],
    ['mysql://host', 'needs a host and a database name'],
    ['postgres://h/db', 'must start with sqlite:, mysql:// or mariadb://'],
    ['mysql://[bad', 'is not a valid URL'],
  ])('refuses %s', (input, message) => {
    expect(parseDatabaseUrl(input)).toBe(message);
  });
});
