export type DatabaseSettings =
  { type: 'better-sqlite3'; database: string } | { type: 'mysql' | 'mariadb'; url: string; database: string };

/**
 * Reads DATABASE_URL: `sqlite:relative/or/absolute/path`, `sqlite::memory:`, or
 * `mysql://user:pass@host:3306/db` / `mariadb://…` (both through mysql2).
 * Returns the settings, or a sentence saying what is wrong.
 */
export function parseDatabaseUrl(value: string): DatabaseSettings | string {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) return 'needs a file path after sqlite:';
    return { type: 'better-sqlite3', database: path };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  const type = url.protocol === 'mariadb:' ? 'mariadb' : url.protocol === 'mysql:' ? 'mysql' : undefined;
  if (!type) return 'must start with sqlite:, mysql:// or mariadb://';
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !database) return 'needs a host and a database name';
  // mysql2 reads only mysql:// URLs; the scheme says which TypeORM driver flavour to use.
  url.protocol = 'mysql:';
  return { type, url: url.toString(), database };
}
