/** Error codes that mean "the database or Redis is not answering", not "the request is wrong". */
const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/**
 * ioredis: "Command timed out" is a command left unanswered for REDIS_COMMAND_TIMEOUT_MS (a hung
 * connection, or a cluster still finding its nodes), "None of startup nodes is available" a
 * cluster client that lost every node.
 */
const DOWN_MESSAGES =
  /Connection is closed|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state|Stream isn't writeable|^Command timed out|None of startup nodes is available/i;

/**
 * A Redis Sentinel or Cluster failover in progress (docs/operations.md, "What a failover costs"):
 * the slot's master is gone or moving, the old master is read-only now, or no sentinel answers.
 * The client recovers by itself; meanwhile these are a 503, not a 500.
 */
const FAILOVER_MESSAGES =
  /Too many Cluster redirections|CLUSTERDOWN|^MOVED |^TRYAGAIN|READONLY You can't write against a read only replica|All sentinels are unreachable|Failed to refresh slots cache/i;

/**
 * Whether `error` comes from a dependency being away (docs/operations.md#what-each-dependencys-failure-does: such
 * requests answer 503 and the process stays up), looking through TypeORM's and ioredis' wrappers.
 */
export function isDependencyDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const { code, name, message, driverError, cause } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && DOWN_CODES.has(code)) return true;
    if (
      name === 'MaxRetriesPerRequestError' ||
      name === 'ConnectionIsNotSetError' ||
      name === 'CannotExecuteNotConnectedError'
    )
      return true;
    if (name === 'ClusterAllFailedError') return true;
    if (typeof message === 'string' && (DOWN_MESSAGES.test(message) || FAILOVER_MESSAGES.test(message))) return true;
    e = driverError ?? cause;
  }
  return false;
}
