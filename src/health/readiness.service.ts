import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REDIS, RedisClient } from '../redis/redis.module';

const CHECK_TIMEOUT_MS = 2000;

/** What readiness probes: the database and (when configured) Redis, each within two seconds. */
@Injectable()
export class Readiness {
  /** This instance's own key: the probe writes and reads it as the app writes shared state. */
  private readonly probeKey = `consentry:readyz:${randomUUID()}`;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  /** Each dependency, `up` or `down`. */
  async check(): Promise<Record<string, 'up' | 'down'>> {
    const checks: Record<string, 'up' | 'down'> = {};
    const probe = async (name: string, run: () => Promise<unknown>) => {
      try {
        await withTimeout(run());
        checks[name] = 'up';
      } catch {
        checks[name] = 'down';
      }
    };
    const redis = this.redis;
    await Promise.all([
      probe('database', () => this.db.query('SELECT 1')),
      ...(redis ? [probe('redis', () => this.probeRedis(redis))] : []),
    ]);
    return checks;
  }

  /**
   * A write and a read, as logins and nonces do: PING answers on a replica, on a node whose slots
   * are being failed over, or on a master that lost its replicas and refuses writes; this does not.
   */
  private async probeRedis(redis: RedisClient): Promise<void> {
    const nonce = randomUUID();
    await redis.set(this.probeKey, nonce, 'PX', 10_000);
    if ((await redis.get(this.probeKey)) !== nonce) throw new Error('Redis did not return what was written');
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
