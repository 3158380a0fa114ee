import { randomBytes } from 'node:crypto';
import { DatabaseKind, databaseKinds } from './databases';

/**
 * Test files run at once on the one test Redis, each app on a fresh database whose ids start at
 * 1: a prefix per file keeps their sessions, limits and single-use values apart.
 */
const REDIS_KEY_PREFIX = `test-${randomBytes(6).toString('hex')}:`;

/** A database, and whether sessions and counters live in Redis. */
export type Backend = [label: string, kind: DatabaseKind, env: Record<string, string>];

/**
 * Every database kind with in-process state, plus SQLite with Redis when TEST_REDIS_URL is
 * set (.ci/run sets it), for the tests whose behaviour depends on where sessions live.
 */
export function backends(): Backend[] {
  const list: Backend[] = databaseKinds().map((kind) => [kind, kind, {}]);
  if (process.env.TEST_REDIS_URL)
    list.push(['sqlite + redis', 'sqlite', { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX }]);
  return list;
}
