import { CachedKind, generations } from './change-generations';

interface Entry<V> {
  value: V;
  generation: number;
  until: number;
}

/** Lookups per cache name, for `consentry_cache_lookups_total` on /metrics (the hit ratio). */
export const cacheLookups = new Map<string, { hits: number; misses: number }>();

/** HOT_CACHE_TTL_MS, set once at boot (before the first request): 0 turns the caches off. */
let defaultTtlMs = 5_000;

export function setHotCacheTtl(ms: number): void {
  defaultTtlMs = ms;
}

/**
 * A small read-through cache for hot-path lookups, valid while the generations of its kinds are
 * unchanged and for at most `ttlMs` (the bound on staleness from other instances' writes).
 * Bounded: the oldest entry goes when it is full. Only found values are cached.
 */
export class GenerationCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly stats: { hits: number; misses: number };
  private readonly kinds: readonly CachedKind[];

  /**
   * A value read with its relations (a token with its client and user) depends on several kinds:
   * it is good while none of them changed. `name` labels the cache on /metrics (several caches
   * may hang off one kind).
   */
  constructor(
    kinds: CachedKind | readonly CachedKind[],
    name: string = String(kinds),
    private readonly ttlMs?: number,
    private readonly max = 10_000,
  ) {
    this.kinds = typeof kinds === 'string' ? [kinds] : kinds;
    this.stats = cacheLookups.get(name) ?? { hits: 0, misses: 0 };
    cacheLookups.set(name, this.stats);
  }

  /** The counters only grow, so their sum changes exactly when one of them does. */
  private generation(): number {
    let sum = 0;
    for (const kind of this.kinds) sum += generations[kind];
    return sum;
  }

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const ttlMs = this.ttlMs ?? defaultTtlMs;
    const entry = ttlMs === 0 ? undefined : this.entries.get(key);
    const generation = this.generation();
    if (entry && entry.generation === generation && entry.until > Date.now()) {
      this.stats.hits += 1;
      return entry.value;
    }
    this.stats.misses += 1;
    if (ttlMs === 0) return load();
    const value = await load();
    if (value === null) {
      this.entries.delete(key);
      return null;
    }
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, generation, until: Date.now() + ttlMs });
    return value;
  }
}
