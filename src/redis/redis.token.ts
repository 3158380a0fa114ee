/** Injection token for the shared ioredis client, or null when REDIS_URL is not set. */
export const REDIS = Symbol('REDIS');
