import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChangeTracker } from '../database/cache/change-tracker';
import type { RedisClient } from './redis-client';
import { REDIS } from './redis.token';

const CHANNEL = 'consentry:invalidate';

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

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly tracker: ChangeTracker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.redis) return;
    const publisher = this.redis;
    this.stopListening = this.tracker.onLocalChange((keys) => {
      publisher
        .publish(CHANNEL, JSON.stringify({ from: this.instance, keys }))
        .catch((error: Error) => this.logger.warn(`Could not publish an invalidation: ${error.message}`));
    });
    this.subscriber = publisher.duplicate();
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    await this.subscriber.subscribe(CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
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
