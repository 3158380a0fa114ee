/** Which dependency failed and the setting to check, for a log line that says so in words. */
export interface DependencyHint {
  dependency: 'redis' | 'database' | 'database or redis';
  setting: string;
  /** The driver's code or message, short: never a stack, never a URL with its password. */
  detail: string;
}

const REDIS_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError', 'ReplyError']);
const REDIS_MESSAGES =
  /Connection is closed|Stream isn't writeable|CLUSTERDOWN|^MOVED |^TRYAGAIN|READONLY|sentinels|slots cache|Cluster redirections|Command timed out|startup nodes/i;
/** FlushTimeout: a token write the database took and never answered (database/insert-batcher.ts). */
const DATABASE_NAMES = new Set([
  'QueryFailedError',
  'ConnectionIsNotSetError',
  'CannotExecuteNotConnectedError',
  'FlushTimeout',
]);
const DATABASE_CODES = /^(ER_|PROTOCOL_|SQLITE_)/;

/**
 * Names the dependency behind an error that isDependencyDown() (../errors/dependency-errors.ts)
 * recognised, looking through TypeORM's and ioredis' wrappers; an error of neither kind (a bare
 * ECONNREFUSED) names both settings.
 */
export function dependencyHint(error: unknown): DependencyHint {
  const detail = detailOf(error);
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const { code, name, message, driverError, cause } = e as Record<string, unknown>;
    if (typeof name === 'string' && REDIS_NAMES.has(name)) return redis(detail);
    if (typeof message === 'string' && REDIS_MESSAGES.test(message)) return redis(detail);
    if (typeof name === 'string' && DATABASE_NAMES.has(name)) return database(detail);
    if (driverError || (typeof code === 'string' && DATABASE_CODES.test(code))) return database(detail);
    e = driverError ?? cause;
  }
  return { dependency: 'database or redis', setting: 'DATABASE_URL and REDIS_URL', detail };
}

/** The words of a dependency-down warning: what is away and where it is configured. */
export function dependencyMessage(hint: DependencyHint): string {
  const what = { redis: 'Redis', database: 'The database', 'database or redis': 'The database or Redis' }[
    hint.dependency
  ];
  return `${what} is not answering (${hint.detail || 'no detail'}); check ${hint.setting}`;
}

/** The first error code along the wrappers (ECONNREFUSED, ER_…), else the outermost message. */
function detailOf(error: unknown): string {
  let message = '';
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const { code, message: text, driverError, cause } = e as Record<string, unknown>;
    if (typeof code === 'string') return shorten(code);
    if (!message && typeof text === 'string') message = shorten(text);
    e = driverError ?? cause;
  }
  return message;
}

function redis(detail: string): DependencyHint {
  return { dependency: 'redis', setting: 'REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES)', detail };
}

function database(detail: string): DependencyHint {
  return { dependency: 'database', setting: 'DATABASE_URL', detail };
}

/** A driver's message may quote a connection string: keep its first line, without credentials in URLs. */
function shorten(text: string): string {
  return text
    .split('\n')[0]
    .replace(/(\w+:\/\/)[^@/\s]*@/g, '$1[redacted]@')
    .slice(0, 200);
}

/** What watchRedisClient() needs of an ioredis client (standalone, Sentinel or Cluster). */
interface RedisEvents {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * ioredis retries a lost connection by itself and emits an error on every attempt; without a
 * listener it prints each one with its stack. One warning when Redis goes away, naming the
 * setting, and one line when it is back.
 */
export function watchRedisClient(
  client: RedisEvents,
  log: { warn(fields: object, message: string): void; info(fields: object, message: string): void },
): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    const hint = redis(shorten((error as { code?: string }).code ?? error.message));
    log.warn(hint, `${dependencyMessage(hint)}; retrying, further errors are not logged until it answers`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ dependency: 'redis' }, 'Redis is answering again');
  });
}
