import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config';
import { loadConfig } from './load-config';

const KEY = 'k'.repeat(40);
const load = (env: Record<string, string | undefined>) => loadConfig({ SECRET_KEY: KEY, ...env });

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      migrationsRun: true,
      allowRegistration: true,
      logLevel: 'info',
      trustProxy: [],
      secureCookies: false,
      database: { type: 'better-sqlite3', database: 'data/consentry.sqlite' },
    });
    expect(config.admin).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = load({
      PORT: '8080',
      PUBLIC_URL: 'https://auth.example.org/',
      DATABASE_URL: 'mariadb://root@db/consentry',
      MIGRATIONS_RUN: 'false',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ADMIN_USERNAME: 'Admin',
      ADMIN_PASSWORD: 'secret-pass',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      ALLOW_REGISTRATION: 'no',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://auth.example.org',
      publicOrigin: 'https://auth.example.org',
      secureCookies: true,
      migrationsRun: false,
      redis: { topology: 'standalone', url: 'redis://127.0.0.1:6379' },
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      allowRegistration: false,
      logLevel: 'debug',
      database: { type: 'mariadb', database: 'consentry' },
      admin: { username: 'Admin', password: 'secret-pass', groups: ['sysop', 'oauthadmin', 'suppress'] },
    });
    expect(config.url('/login')).toBe('https://auth.example.org/login');
  });

  it('treats empty assignments as unset', () => {
    expect(load({ PORT: '', PUBLIC_URL: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer number (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must not be greater than 65535 (got "70000")'],
    [
      { PUBLIC_URL: 'ftp://x' },
      'Invalid configuration: PUBLIC_URL must be an http(s) URL without query or fragment (got "ftp://x")',
    ],
    [
      { DATABASE_URL: 'postgres://x/y' },
      'Invalid configuration: DATABASE_URL must start with sqlite:, mysql:// or mariadb://',
    ],
    [{ DATABASE_URL: 'mysql://only-host' }, 'Invalid configuration: DATABASE_URL needs a host and a database name'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'Invalid configuration: MIGRATIONS_RUN must be true or false (got "maybe")'],
    [{ SECRET_KEY: 'short' }, 'Invalid configuration: SECRET_KEY must be at least 32 characters'],
    [{ ADMIN_USERNAME: 'admin' }, 'Invalid configuration: ADMIN_PASSWORD is required when ADMIN_USERNAME is set'],
    [
      { ADMIN_USERNAME: 'a/b', ADMIN_PASSWORD: 'long-enough' },
      'Invalid configuration: ADMIN_USERNAME is not a valid username (got "a/b")',
    ],
    [
      { TRUST_PROXY: 'everyone' },
      'Invalid configuration: TRUST_PROXY must be IP addresses or CIDR ranges (got "everyone")',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must be a redis:// or rediss:// URL'],
    [
      { REDIS_SENTINELS: 'sentinel-a' },
      'Invalid configuration: REDIS_SENTINELS must be host:port pairs (got "sentinel-a")',
    ],
    [
      { REDIS_SENTINELS: 'a:26379' },
      'Invalid configuration: REDIS_SENTINELS needs REDIS_SENTINEL_NAME (the master set they monitor)',
    ],
    [
      { REDIS_CLUSTER_NODES: 'a:7000', REDIS_URL: 'redis://a' },
      'Invalid configuration: set one of REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, not several',
    ],
    [{ PROPOSAL_EXPIRY_DAYS: '-1' }, 'Invalid configuration: PROPOSAL_EXPIRY_DAYS must not be less than 0 (got "-1")'],
    [{ NOTIFY_GROUPS: 'oauth admin' }, 'Invalid configuration: NOTIFY_GROUPS must be group names (got "oauth admin")'],
  ])('refuses %p with one readable line', (env, message) => {
    expect(() => load(env)).toThrow(new ConfigError(message));
  });

  it('reads AUTO_APPROVE as JSON and names it when it is wrong', () => {
    expect(load({ AUTO_APPROVE: '[{"grants":["basic"]}]' }).consumers.autoApprove).toEqual([{ grants: ['basic'] }]);
    expect(() => load({ AUTO_APPROVE: '{not json' })).toThrow(/^Invalid configuration: AUTO_APPROVE is invalid: /);
    expect(() => load({ AUTO_APPROVE: '[{"grant":["basic"]}]' })).toThrow(
      /^Invalid configuration: AUTO_APPROVE is invalid: .*grant/,
    );
  });

  it('reads the three Redis topologies', () => {
    expect(
      load({ REDIS_SENTINELS: 's1:26379, [::1]:26380', REDIS_SENTINEL_NAME: 'consentry', REDIS_PASSWORD: 'pw' }).redis,
    ).toEqual({
      topology: 'sentinel',
      commandTimeoutMs: 2000,
      keyPrefix: '',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'consentry',
      sentinelPassword: undefined,
      password: 'pw',
      tls: false,
    });
    expect(
      load({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000', REDIS_TLS: 'true', REDIS_KEY_PREFIX: 'staging:' })
        .redis,
    ).toEqual({
      topology: 'cluster',
      commandTimeoutMs: 2000,
      keyPrefix: 'staging:',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7000 },
      ],
      password: undefined,
      tls: true,
    });
    expect(load({}).redis).toBeUndefined();
    expect(() => load({ REDIS_URL: 'redis://r', REDIS_KEY_PREFIX: 'a{b}' })).toThrow(
      'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or : _ . -',
    );
  });

  it('bounds how long a Redis command may go unanswered (REDIS_COMMAND_TIMEOUT_MS)', () => {
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis?.commandTimeoutMs).toBe(2000);
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_COMMAND_TIMEOUT_MS: '500' }).redis?.commandTimeoutMs).toBe(
      500,
    );
    expect(() => load({ REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
  });

  it('never echoes a secret value', () => {
    expect(() => load({ SECRET_KEY: 'hunter2' })).toThrow(/^(?!.*hunter2).*$/);
  });

  it('refuses to start in production without SECRET_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('SECRET_KEY is required when NODE_ENV=production');
  });

  it('generates a development key once into the data folder, readable only by its owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentry-config-'));
    const warnings: string[] = [];
    const first = loadConfig({ DATA_DIR: dir }, { warn: (w) => warnings.push(w) });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(second.secretKey).toBe(first.secretKey);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.secretKey);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
  });
});
