import { EphemeralStore, Reservation } from './ephemeral-store';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Expiry is tracked in buckets of this many milliseconds. */
const BUCKET_MS = 1000;

/**
 * One process's store. JavaScript runs one callback at a time, so each method is atomic as is.
 * Keys are also listed by the second they expire in, so the sweep visits only entries whose time
 * has come: a busy OAuth 1.0a server holds hundreds of thousands of nonces, and walking all of
 * them every time would stall the event loop.
 */
export class MemoryEphemeralStore extends EphemeralStore {
  private readonly entries = new Map<string, Entry>();
  private readonly expiring = new Map<number, string[]>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    sweepEveryMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {
    super();
    // Expired entries are dropped on read; the sweep bounds memory for keys never read again.
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async take(key: string): Promise<string | null> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.value ?? null;
  }

  async takeAndMark(key: string, markKey: string, mark: string, markTtlMs: number): Promise<string | null> {
    // No await in between: another caller must never see the value gone and the marker not yet there.
    const entry = this.live(key);
    if (!entry) return null;
    this.entries.delete(key);
    this.put(markKey, mark, markTtlMs);
    return entry.value;
  }

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.put(key, next, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async reserve(key: string, limit: number, windowMs: number): Promise<Reservation> {
    // No await between reading and counting: this is what makes it atomic in one process.
    const entry = this.live(key);
    const count = entry ? Number(entry.value) : 0;
    const msLeft = entry ? entry.expiresAt - this.now() : 0;
    if (count >= limit) return { granted: false, count, msLeft };
    if (!entry) {
      this.put(key, '1', windowMs);
      return { granted: true, count: 1, msLeft: windowMs };
    }
    entry.value = String(count + 1); // in place: the window keeps its end
    return { granted: true, count: count + 1, msLeft };
  }

  async release(key: string): Promise<void> {
    const entry = this.live(key);
    if (entry && Number(entry.value) > 0) entry.value = String(Number(entry.value) - 1);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, value: string, ttlMs: number): void {
    const expiresAt = this.now() + ttlMs;
    this.entries.set(key, { value, expiresAt });
    const bucket = Math.ceil(expiresAt / BUCKET_MS);
    const keys = this.expiring.get(bucket);
    if (keys) keys.push(key);
    else this.expiring.set(bucket, [key]);
  }

  /**
   * Drops the entries of every bucket whose second has passed; a key set again since then has a
   * later expiry and stays.
   */
  sweep(): void {
    const now = this.now();
    const due = Math.floor(now / BUCKET_MS);
    for (const [bucket, keys] of this.expiring) {
      if (bucket > due) continue;
      for (const key of keys) {
        const entry = this.entries.get(key);
        if (entry && entry.expiresAt <= now) this.entries.delete(key);
      }
      this.expiring.delete(bucket);
    }
  }
}
