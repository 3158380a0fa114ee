import Redis from 'ioredis';
import { EphemeralStore } from './ephemeral-store';
import { MemoryEphemeralStore } from './memory-store';
import { RedisEphemeralStore } from './redis-store';

const redisUrl = process.env.TEST_REDIS_URL;
const stores: Array<[string, () => { store: EphemeralStore; close(): Promise<void> }]> = [
  [
    'memory',
    () => {
      const store = new MemoryEphemeralStore();
      return { store, close: async () => store.close() };
    },
  ],
];
if (redisUrl) {
  stores.push([
    'redis',
    () => {
      const redis = new Redis(redisUrl);
      return {
        store: new RedisEphemeralStore(redis),
        close: async () => {
          await redis.quit();
        },
      };
    },
  ]);
}

describe.each(stores)('EphemeralStore (%s)', (_name, make) => {
  let store: EphemeralStore;
  let close: () => Promise<void>;
  const key = (k: string) => `spec:${process.pid}:${Date.now()}:${Math.random()}:${k}`;
  beforeAll(() => ({ store, close } = make()));
  afterAll(async () => {
    await close();
  });

  it('setIfAbsent stores once', async () => {
    const k = key('nx');
    expect(await store.setIfAbsent(k, 'a', 10_000)).toBe(true);
    expect(await store.setIfAbsent(k, 'b', 10_000)).toBe(false);
    expect(await store.get(k)).toBe('a');
  });

  it('take gives the value to exactly one of many concurrent callers', async () => {
    const k = key('take');
    await store.set(k, 'once', 10_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.take(k)));
    expect(results.filter((r) => r === 'once')).toHaveLength(1);
    expect(await store.get(k)).toBeNull();
  });

  it('takeAndMark gives the value to one caller and leaves the marker; nothing taken, no marker', async () => {
    const k = key('code');
    const mark = key('used');
    await store.set(k, 'record', 10_000);
    // A caller that finds nothing finds the marker: never the value gone and the marker not yet there.
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => (await store.takeAndMark(k, mark, '1', 10_000)) ?? store.get(mark)),
    );
    expect(results.filter((r) => r === 'record')).toHaveLength(1);
    expect(results.filter((r) => r === '1')).toHaveLength(19);
    expect(await store.get(k)).toBeNull();
    expect(await store.get(mark)).toBe('1');
    const never = key('never-used');
    expect(await store.takeAndMark(key('absent'), never, '1', 10_000)).toBeNull();
    expect(await store.get(never)).toBeNull();
  });

  it('compareAndSet swaps only from the expected value, once', async () => {
    const k = key('cas');
    await store.set(k, 'v1', 10_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.compareAndSet(k, 'v1', 'v2', 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get(k)).toBe('v2');
    expect(await store.compareAndSet(key('absent'), 'v1', 'v2', 10_000)).toBe(false);
  });

  it('forgets entries after their time', async () => {
    const k = key('ttl');
    await store.set(k, 'short', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.get(k)).toBeNull();
    expect(await store.setIfAbsent(k, 'again', 10_000)).toBe(true);
  });

  it('reserve grants exactly the limit to many concurrent callers and tells the others the time left', async () => {
    const k = key('reserve');
    const answers = await Promise.all(Array.from({ length: 30 }, () => store.reserve(k, 10, 60_000)));
    const granted = answers.filter((a) => a.granted);
    expect(granted.map((a) => a.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const refused = answers.filter((a) => !a.granted);
    expect(refused).toHaveLength(20);
    for (const answer of refused) {
      expect(answer.count).toBe(10);
      expect(answer.msLeft).toBeGreaterThan(50_000);
      expect(answer.msLeft).toBeLessThanOrEqual(60_000);
    }
  });

  it('release gives one use back, never below zero, and creates nothing', async () => {
    const k = key('release');
    await store.reserve(k, 2, 60_000);
    await store.reserve(k, 2, 60_000);
    expect((await store.reserve(k, 2, 60_000)).granted).toBe(false);
    await store.release(k);
    expect(await store.reserve(k, 2, 60_000)).toMatchObject({ granted: true, count: 2 });
    const z = key('zero');
    await store.reserve(z, 5, 60_000);
    await Promise.all([store.release(z), store.release(z), store.release(z)]);
    expect(await store.reserve(z, 5, 60_000)).toMatchObject({ granted: true, count: 1 });
    const never = key('never');
    await store.release(never);
    expect(await store.get(never)).toBeNull();
  });

  it('a window starts at its first use; later uses and releases do not move its end; it ends by itself', async () => {
    const k = key('window');
    await store.reserve(k, 2, 300);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await store.reserve(k, 2, 300);
    expect(second.count).toBe(2);
    expect(second.msLeft).toBeLessThanOrEqual(160);
    await store.release(k);
    await store.reserve(k, 2, 300);
    expect((await store.reserve(k, 2, 300)).granted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.reserve(k, 2, 300)).toMatchObject({ granted: true, count: 1 });
  });

  it('deletes', async () => {
    const k = key('del');
    await store.set(k, 'x', 10_000);
    await store.delete(k);
    expect(await store.get(k)).toBeNull();
  });
});

describe('RedisEphemeralStore when Redis is unreachable', () => {
  it('fails closed with 503 instead of accepting', async () => {
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const store = new RedisEphemeralStore(redis);
    await expect(store.setIfAbsent('nonce', 'x', 1000)).rejects.toMatchObject({
      status: 503,
      code: 'temporarily_unavailable',
    });
    redis.disconnect();
  });
});

describe('MemoryEphemeralStore sweep', () => {
  it('drops entries whose time has come, and only those, a re-set key included at its new time', async () => {
    let now = 1_000_000;
    const store = new MemoryEphemeralStore(3_600_000, () => now);
    await store.set('a', '1', 1_500);
    await store.set('b', '1', 10_000);
    await store.set('c', '1', 1_500);
    await store.set('c', '2', 20_000); // set again: its first expiry no longer applies
    now += 2_000;
    store.sweep();
    expect(store.size).toBe(2);
    expect(await store.get('c')).toBe('2');
    now += 9_000;
    store.sweep();
    expect(store.size).toBe(1);
    now += 10_000;
    store.sweep();
    expect(store.size).toBe(0);
    store.close();
  });
});
