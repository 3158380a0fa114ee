import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { ChangeTracker } from '../database/cache/change-tracker';
import { type RedisClient, subscriberFor } from './redis-client';
import { REDIS } from './redis.token';

const CHANNEL = 'consentry:invalidate';
/** At boot only: a cluster client may take a few seconds to find its nodes. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/**
 * Several instances: a write here drops the hot-path caches of every other instance too, through
 * Redis pub/sub, so a revocation made on one instance is refused by all of them within a second
 * (the caches' own 5-second bound is the fallback if a message is lost).
 */
@Injectable()
export class GenerationSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GenerationSync');
  private readonly instance = randomUUID();
  private subscriber?: RedisClient;
  private stopListening?: () => void;

  /** Channels are not keys: ioredis does not prefix them, so the deployment's prefix is put here. */
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly tracker: ChangeTracker,
    config: AppConfig,
  ) {
    this.channel = `${config.redis?.keyPrefix ?? ''}${CHANNEL}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.redis) return;
    const publisher = this.redis;
    this.stopListening = this.tracker.onLocalChange((keys) => {
      publisher
        .publish(this.channel, JSON.stringify({ from: this.instance, keys }))
        .catch((error: Error) => this.logger.warn(`Could not publish an invalidation: ${error.message}`));
    });
    const subscriber = subscriberFor(publisher);
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    // Without a listener ioredis prints every reconnection error with its stack. The main client's
    // watcher already says once that Redis is away (the same server); this one reconnects and
    // subscribes again by itself, and what it misses meanwhile costs at most HOT_CACHE_TTL_MS.
    subscriber.on('error', () => undefined);
    // The subscriber has no command timeout (subscriberFor): bound the first SUBSCRIBE here, so that
    // a Redis that accepts connections and never answers stops the boot instead of hanging it.
    const subscribed = subscriber.subscribe(this.channel);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer SUBSCRIBE within ${SUBSCRIBE_TIMEOUT_MS} ms`)),
        SUBSCRIBE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([subscribed, timedOut]);
    } catch (error) {
      subscribed.catch(() => undefined);
      subscriber.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
    // Not QUIT: a subscriber has nothing to flush, and QUIT (no command timeout here) could wait on a hung Redis.
    this.subscriber?.disconnect();
  }

  private receive(raw: string): void {
    let message: { from?: string; keys?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    if (message.from === this.instance || !Array.isArray(message.keys)) return;
    // Published after the writer's commit (ChangeTracker), so one bump here is enough.
    this.tracker.applyRemote(message.keys.filter((key): key is string => typeof key === 'string'));
  }
}
