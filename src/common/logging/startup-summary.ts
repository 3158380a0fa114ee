import type { AppConfig } from '../config/app-config.service';

/** What an operator checks first after a start (docs/operations.md#logs): no secret in it. */
export interface StartupSummary {
  url: string;
  listen: string;
  database: string;
  redis: string;
  admin: string;
  mail: string;
}

/** One line at start-up instead of Nest's line per module and route. */
export function startupSummary(config: AppConfig): { fields: StartupSummary; message: string } {
  const fields: StartupSummary = {
    url: config.publicUrl,
    listen: `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
    database: describeDatabase(config.database),
    redis: describeRedis(config.redis),
    admin: config.admin ? `${config.admin.username} (ADMIN_USERNAME, ensured at boot)` : 'none (ADMIN_USERNAME unset)',
    mail: config.smtpUrl
      ? `SMTP ${hostOf(config.smtpUrl)}, from ${config.mailFrom}`
      : 'written to the log (SMTP_URL unset)',
  };
  const message =
    `Consentry is ready at ${fields.url} (listening on ${fields.listen}); database ${fields.database}; ` +
    `Redis ${fields.redis}; admin ${fields.admin}; mail ${fields.mail}`;
  return { fields, message };
}

function describeDatabase(database: AppConfig['database']): string {
  if (database.type === 'better-sqlite3') return `SQLite ${database.database}`;
  return `${database.type === 'mariadb' ? 'MariaDB' : 'MySQL'} ${hostOf(database.url)}/${database.database}`;
}

function describeRedis(redis: AppConfig['redis']): string {
  if (!redis) return 'none (sessions in the database, single-use state in memory: one instance only)';
  const nodes = (list: { host: string; port: number }[]) => list.map((n) => `${n.host}:${n.port}`).join(',');
  switch (redis.topology) {
    case 'standalone':
      return hostOf(redis.url);
    case 'sentinel':
      return `Sentinel master set ${redis.name} via ${nodes(redis.sentinels)}`;
    case 'cluster':
      return `Cluster ${nodes(redis.nodes)}`;
  }
}

/** host:port of a URL, without its user, password, path or query. */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable URL)';
  }
}
