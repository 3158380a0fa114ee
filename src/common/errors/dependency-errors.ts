/** Error codes that mean "the database or Redis is not answering", not "the request is wrong". */
const DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED',
]);

/**
 * Whether `error` comes from a dependency being away (issue "Scale-out and reliability": such
 * requests answer 503 and the process stays up), looking through TypeORM's and ioredis' wrappers.
 */
export function isDependencyDown(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const { code, name, message, driverError, cause } = e as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && DOWN_CODES.has(code)) return true;
    if (name === 'MaxRetriesPerRequestError' || name === 'ConnectionIsNotSetError' || name === 'CannotExecuteNotConnectedError') return true;
    if (typeof message === 'string' && /Connection is closed|connect ECONNREFUSED|Pool is closed|Can't add new command when connection is in closed state|Stream isn't writeable/i.test(message)) return true;
    e = driverError ?? cause;
  }
  return false;
}
