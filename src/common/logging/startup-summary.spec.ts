import { loadConfig } from '../config/load-config';
import { startupSummary } from './startup-summary';

const base = { NODE_ENV: 'test', SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789', LOG_LEVEL: 'silent' };

describe('startupSummary', () => {
  it('says where the server is and what it uses, with no password', () => {
    const config = loadConfig({
      ...base,
      PUBLIC_URL: 'https://auth.example.org',
      PORT: '8080',
      DATABASE_URL: 'mariadb://consentry:db-password@db.internal:3306/consentry',
      REDIS_URL: 'redis://:redis-password@cache.internal:6379/2',
      ADMIN_USERNAME: 'Root',
      ADMIN_PASSWORD: 'admin-password-1234',
      SMTP_URL: 'smtp://mailer:smtp-password@mail.internal:587',
      MAIL_FROM: 'auth@example.org',
    });
    const { fields, message } = startupSummary(config);
    expect(fields).toEqual({
      url: 'https://auth.example.org',
      listen: '0.0.0.0:8080',
      database: 'MariaDB mysql://db.internal:3306/consentry',
      redis: 'redis://cache.internal:6379',
      admin: 'Root (ADMIN_USERNAME, ensured at boot)',
      mail: 'SMTP smtp://mail.internal:587, from auth@example.org',
    });
    expect(message).toMatch(/^Consentry is ready at https:\/\/auth\.example\.org \(listening on 0\.0\.0\.0:8080\)/);
    for (const secret of ['db-password', 'redis-password', 'admin-password', 'smtp-password', base.SECRET_KEY])
      expect(JSON.stringify({ fields, message })).not.toContain(secret);
  });

  it('says what is missing in a bare development setup', () => {
    const { fields } = startupSummary(loadConfig({ ...base, DATABASE_URL: 'sqlite:data/x.sqlite' }));
    expect(fields.database).toBe('SQLite data/x.sqlite');
    expect(fields.redis).toMatch(/^none \(.*one instance only\)$/);
    expect(fields.admin).toBe('none (ADMIN_USERNAME unset)');
    expect(fields.mail).toBe('written to the log (SMTP_URL unset)');
  });

  it('names the Sentinel master set and the cluster nodes', () => {
    const sentinel = loadConfig({ ...base, REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'main' });
    expect(startupSummary(sentinel).fields.redis).toBe('Sentinel master set main via s1:26379,s2:26379');
    const cluster = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'n1:7000,n2:7000', REDIS_PASSWORD: 'p' });
    expect(startupSummary(cluster).fields.redis).toBe('Cluster n1:7000,n2:7000');
  });
});
