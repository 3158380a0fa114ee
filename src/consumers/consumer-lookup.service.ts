import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { CachedLookup, HotCaches } from '../database/cache/hot-caches.service';
import type { Snapshot } from '../database/cache/snapshot';
import { rowLookup } from '../database/row-lookup';
import { Consumer } from './consumer.entity';
import { ConsumerVisibility, Viewer } from './consumer-visibility';

/** Finding consumers, with suppression applied: a consumer you may not see does not exist. */
@Injectable()
export class ConsumerLookup {
  private readonly byKey: CachedLookup<Consumer>;
  private readonly seedById: (id: number) => Promise<Consumer | null>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly visibility: ConsumerVisibility,
    caches: HotCaches,
  ) {
    this.byKey = caches.lookup('consumers', Consumer, ['consumerKey'], { relations: { owner: true } });
    this.seedById = rowLookup(dataSource, Consumer, ['id'], { select: ['secretSeed'] });
  }

  /** With its owner, in one round trip. */
  findByKey(consumerKey: string): Promise<Consumer | null> {
    if (!/^[0-9a-f]{32}$/.test(consumerKey)) return Promise.resolve(null);
    return this.byKey.find(consumerKey);
  }

  /** For the request-verification hot path: cached, and dropped by any write to consumers. */
  findByKeyCached(consumerKey: string): Promise<Snapshot<Consumer> | null> {
    if (!/^[0-9a-f]{32}$/.test(consumerKey)) return Promise.resolve(null);
    return this.byKey.cached(consumerKey, consumerKey);
  }

  /** The consumer, or 404 when it does not exist or is suppressed and hidden from this viewer. */
  async getVisible(consumerKey: string, viewer: Viewer): Promise<Consumer> {
    const consumer = await this.findByKey(consumerKey);
    if (!consumer || !this.visibility.userCanSee(consumer, viewer)) throw AppError.notFound('No such consumer.');
    return consumer;
  }

  /** Deletes a user's consumers inside the caller's transaction (their logs and authorizations cascade). */
  async deleteOwnedBy(manager: EntityManager, ownerId: number): Promise<number> {
    const result = await manager.delete(Consumer, { ownerId });
    return result.affected ?? 0;
  }

  /** The secret seed, for the few paths that derive the secret. */
  async secretSeed(id: number): Promise<string> {
    const row = await this.seedById(id);
    if (!row?.secretSeed) throw new Error(`consumer ${id} has no secret seed`);
    return row.secretSeed;
  }
}
