import { CachedKind, generations } from './change-generations';

interface Entry<V> { value: V; generation: number; until: number }

/** HOT_CACHE_TTL_MS, set once at boot (before the first request): 0 turns the caches off. */
let defaultTtlMs = 5_000;

export function setHotCacheTtl(ms: number): void {
  defaultTtlMs = ms;
}

/**
 * A small read-through cache for hot-path lookups, valid while the generation of its kind is
 * unchanged and for at most `ttlMs` (the bound on staleness from other instances' writes).
 * Bounded: the oldest entry goes when it is full. Only found values are cached.
 */
export class GenerationCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly kind: CachedKind, private readonly ttlMs?: number, private readonly max = 10_000) {}

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const ttlMs = this.ttlMs ?? defaultTtlMs;
    if (ttlMs === 0) return load();
    const entry = this.entries.get(key);
    const generation = generations[this.kind];
    if (entry && entry.generation === generation && entry.until > Date.now()) return entry.value;
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
