import type { RedisClient } from '../../redis/redis-client';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../common/errors/app-error';

/**
 * A counter of `points` per `duration` seconds, in Redis when configured (so that every
 * instance counts together) and in memory otherwise. If Redis fails, counting falls back to
 * this process rather than stopping.
 */
export function createLimiter(
  redis: RedisClient | null,
  keyPrefix: string,
  points: number,
  duration: number,
): RateLimiterAbstract {
  const options = { keyPrefix: `consentry:${keyPrefix}`, points, duration, blockDuration: duration };
  return redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
    : new RateLimiterMemory(options);
}

/** Takes one point, or throws 429 with Retry-After and `message`. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw AppError.tooManyRequests(message, error.msBeforeNext / 1000);
    throw error;
  }
}
