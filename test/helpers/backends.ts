import { DatabaseKind, databaseKinds } from './databases';

/** A database, and whether sessions and counters live in Redis. */
export type Backend = [label: string, kind: DatabaseKind, env: Record<string, string>];

/**
 * Every database kind with in-process state, plus SQLite with Redis when TEST_REDIS_URL is
 * set (.ci/run sets it), for the tests whose behaviour depends on where sessions live.
 */
export function backends(): Backend[] {
  const list: Backend[] = databaseKinds().map((kind) => [kind, kind, {}]);
  if (process.env.TEST_REDIS_URL) list.push(['sqlite + redis', 'sqlite', { REDIS_URL: process.env.TEST_REDIS_URL }]);
  return list;
}
