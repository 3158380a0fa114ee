import { Injectable } from '@nestjs/common';
import { constantTimeEqual } from '../common/crypto/tokens';
import { HotCache } from '../database/cache/hot-cache';
import { HotCaches } from '../database/cache/hot-caches.service';
import { Consumer } from './consumer.entity';
import { ConsumerLookup } from './consumer-lookup.service';
import { ConsumerSecrets } from './consumer-secrets';
import { StaticConsumers } from './static/static-consumers.service';

/**
 * The one place a consumer's secret is known: configuration-based consumers' come from the
 * file, every other one is derived from its seed. The protocol endpoints ask here.
 */
@Injectable()
export class ConsumerCredentials {
  /**
   * Derived secrets of recently used consumers, so that a signed request costs no database read:
   * dropped by any write to consumers (a secret reset changes the seed). They live only in this
   * process's memory, next to SECRET_KEY they derive from; nothing new reaches the database.
   */
  private readonly derived: HotCache<{ secret: string }>;

  constructor(
    private readonly statics: StaticConsumers,
    private readonly secrets: ConsumerSecrets,
    private readonly lookup: ConsumerLookup,
    caches: HotCaches,
  ) {
    this.derived = caches.derived('consumer_secrets', Consumer);
  }

  /** The secret, or undefined for a consumer without one (a public client, an RSA-only consumer). */
  async secretOf(consumer: Pick<Consumer, 'id' | 'consumerKey'>): Promise<string | undefined> {
    const configured = this.statics.get(consumer.consumerKey);
    if (configured) return configured.secret;
    const cached = await this.derived.get(String(consumer.id), async () => ({
      secret: this.secrets.consumerSecret(await this.lookup.secretSeed(consumer.id)),
    }));
    return cached?.secret;
  }

  /** Constant-time check of a presented secret; a consumer without a secret never matches. */
  async verify(consumer: Pick<Consumer, 'id' | 'consumerKey'>, presented: string): Promise<boolean> {
    const secret = await this.secretOf(consumer);
    return secret !== undefined && constantTimeEqual(secret, presented);
  }
}
