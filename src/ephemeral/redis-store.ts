import type { RedisClient } from '../redis/redis-client';
import { AppError } from '../common/errors/app-error';
import { EphemeralStore, Reservation } from './ephemeral-store';

const PREFIX = 'consentry:eph:';

/** Swap only if the current value is the expected one, keeping it atomic on the server. */
const COMPARE_AND_SET =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then " +
  "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

/** GETDEL, and SET of the marker when something was taken: one round trip, atomic on the server. */
const TAKE_AND_MARK =
  "local v = redis.call('GETDEL', KEYS[1]) " +
  "if v then redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) end return v";

/**
 * Counts a use only below the limit, in one script (Redis runs it without interleaving anything),
 * so concurrent callers on any number of instances cannot all see room and all count. One key.
 */
const RESERVE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return {0, n, redis.call('PTTL', KEYS[1])} end
n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, n, redis.call('PTTL', KEYS[1])}`;

/** DECR keeps the key's expiry; never below zero, and never on a key that has already gone. */
const RELEASE =
  "local n = tonumber(redis.call('GET', KEYS[1]) or '0') " + "if n > 0 then redis.call('DECR', KEYS[1]) end return 0";

/**
 * Redis-backed store. When Redis fails, operations throw 503: a single-use check that cannot be
 * made must fail closed, never accept a possibly replayed nonce or code.
 */
export class RedisEphemeralStore extends EphemeralStore {
  constructor(private readonly redis: RedisClient) {
    super();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run(
      async () => (await this.redis.set(PREFIX + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK',
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.run(async () => {
      await this.redis.set(PREFIX + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    });
  }

  get(key: string): Promise<string | null> {
    return this.run(() => this.redis.get(PREFIX + key));
  }

  take(key: string): Promise<string | null> {
    return this.run(() => this.redis.getdel(PREFIX + key));
  }

  takeAndMark(key: string, markKey: string, mark: string, markTtlMs: number): Promise<string | null> {
    return this.run(
      async () =>
        (await this.redis.eval(
          TAKE_AND_MARK,
          2,
          PREFIX + key,
          PREFIX + markKey,
          mark,
          Math.max(1, Math.ceil(markTtlMs)),
        )) as string | null,
    );
  }

  compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    return this.run(
      async () =>
        (await this.redis.eval(COMPARE_AND_SET, 1, PREFIX + key, expected, next, Math.max(1, Math.ceil(ttlMs)))) === 1,
    );
  }

  delete(key: string): Promise<void> {
    return this.run(async () => {
      await this.redis.del(PREFIX + key);
    });
  }

  reserve(key: string, limit: number, windowMs: number): Promise<Reservation> {
    return this.run(async () => {
      const window = Math.max(1, Math.ceil(windowMs));
      const [granted, count, msLeft] = (await this.redis.eval(RESERVE, 1, PREFIX + key, limit, window)) as number[];
      return { granted: granted === 1, count, msLeft: Math.max(0, msLeft) };
    });
  }

  release(key: string): Promise<void> {
    return this.run(async () => {
      await this.redis.eval(RELEASE, 1, PREFIX + key);
    });
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw AppError.unavailable('Shared state is unavailable; try again shortly.', error);
    }
  }
}
