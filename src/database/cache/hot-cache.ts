import { snapshot, Snapshot } from './snapshot';

interface Entry<V> {
  value: Snapshot<V>;
  version: number;
  until: number;
}

/** Lookups of one cache, for `consentry_cache_lookups_total` on /metrics (the hit ratio). */
export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * A small read-through cache for the hot path: an entry is good while the version of what it was
 * read from is unchanged (ChangeTracker), and for at most `ttlMs` (the bound on staleness from
 * other instances' writes when a message is lost). Only found values are cached, as snapshots.
 * Bounded: the oldest entry goes when it is full. Made by HotCaches, which derives the version.
 */
export class HotCache<V extends object> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly version: () => number,
    private readonly ttlMs: number,
    readonly stats: CacheStats,
    private readonly max = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V | null>): Promise<Snapshot<V> | null> {
    const entry = this.ttlMs === 0 ? undefined : this.entries.get(key);
    const version = this.version();
    if (entry && entry.version === version && entry.until > Date.now()) {
      this.stats.hits += 1;
      return entry.value;
    }
    this.stats.misses += 1;
    const loaded = await load();
    if (loaded === null) {
      this.entries.delete(key);
      return null;
    }
    const value = snapshot(loaded);
    if (this.ttlMs === 0) return value;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, version, until: Date.now() + this.ttlMs });
    return value;
  }
}
