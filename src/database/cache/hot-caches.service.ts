import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.service';
import { rowLookup, RowLookupOptions } from '../row-lookup';
import { ChangeTracker } from './change-tracker';
import { dependenciesOf } from './dependencies';
import { CacheStats, HotCache } from './hot-cache';
import type { Snapshot } from './snapshot';

/** A row lookup with a cached twin: `find` always reads; `cached` may answer from memory. */
export interface CachedLookup<T extends ObjectLiteral> {
  find(...values: unknown[]): Promise<T | null>;
  cached(key: string, ...values: unknown[]): Promise<Snapshot<T> | null>;
}

/**
 * The one way to cache on the hot path (docs/development.md#caches). A cache's dependencies are
 * derived from what it reads: the entity and the relations its lookup joins. No global state:
 * each application has its own tracker, caches and statistics.
 */
@Injectable()
export class HotCaches {
  private readonly statistics = new Map<string, CacheStats>();
  private readonly versions = new Map<string, () => number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tracker: ChangeTracker,
    private readonly config: AppConfig,
  ) {}

  /** `rowLookup` with the same options, and a cache named `name` (on /metrics) over it. */
  lookup<T extends ObjectLiteral>(
    name: string,
    entity: EntityTarget<T>,
    keys: ReadonlyArray<keyof T & string>,
    options: RowLookupOptions<T> = {},
  ): CachedLookup<T> {
    const find = rowLookup(this.dataSource, entity, keys, options);
    const cache = this.cache<T>(name, entity, options.relations);
    return { find, cached: (key, ...values) => cache.get(key, () => find(...values)) };
  }

  /**
   * A cache of values derived from rows of `entity`, such as a consumer's secret derived from its
   * seed: dropped by any change to those rows.
   */
  derived<V extends object>(name: string, entity: EntityTarget<ObjectLiteral>): HotCache<V> {
    return this.cache<V>(name, entity, undefined);
  }

  /** The version a named cache's entries are checked against: it changes when they go stale. */
  version(name: string): number {
    const version = this.versions.get(name);
    if (!version) throw new Error(`HotCaches: no cache named ${name}`);
    return version();
  }

  /** Hits and misses per cache. */
  stats(): ReadonlyMap<string, CacheStats> {
    return this.statistics;
  }

  private cache<V extends object>(
    name: string,
    entity: EntityTarget<ObjectLiteral>,
    relations: RowLookupOptions<ObjectLiteral>['relations'],
  ): HotCache<V> {
    if (this.statistics.has(name)) throw new Error(`HotCaches: two caches named ${name}`);
    const stats = { hits: 0, misses: 0 };
    this.statistics.set(name, stats);
    const version = this.tracker.version(dependenciesOf(this.dataSource, entity, relations));
    this.versions.set(name, version);
    return new HotCache<V>(version, this.config.hotCacheTtlMs, stats);
  }
}
