import { HotCache } from './hot-cache';
import { isSnapshot, snapshot, SnapshotMemo } from './snapshot';

describe('HotCache', () => {
  const make = (ttlMs = 60_000) => {
    const state = { version: 0, loads: 0 };
    const cache = new HotCache<{ n: number; nested: { list: number[] } }>(() => state.version, ttlMs, {
      hits: 0,
      misses: 0,
    });
    const load = async () => ({ n: ++state.loads, nested: { list: [state.loads] } });
    return { state, cache, load };
  };

  it('answers from memory while the version holds, and reloads when it moves', async () => {
    const { state, cache, load } = make();
    const first = await cache.get('k', load);
    expect(await cache.get('k', load)).toBe(first);
    state.version += 1;
    const second = await cache.get('k', load);
    expect(second).not.toBe(first);
    expect(second!.n).toBe(2);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('hands out frozen snapshots, all the way down, so a memo keyed by one is never stale', async () => {
    const { cache, load } = make();
    const value = (await cache.get('k', load))!;
    expect(isSnapshot(value)).toBe(true);
    expect(() => {
      value.nested.list.push(9);
    }).toThrow(TypeError);
  });

  it('never caches a miss, and with a TTL of 0 never caches at all', async () => {
    const { cache } = make();
    let loads = 0;
    expect(await cache.get('k', async () => (loads++, null))).toBeNull();
    expect(await cache.get('k', async () => (loads++, null))).toBeNull();
    expect(loads).toBe(2);
    const off = make(0);
    await off.cache.get('k', off.load);
    await off.cache.get('k', off.load);
    expect(off.state.loads).toBe(2);
  });
});

describe('SnapshotMemo', () => {
  it('derives once per snapshot and again for a new one', () => {
    const memo = new SnapshotMemo<{ seed: string }, string>();
    let derivations = 0;
    const derive = (row: { seed: string }) => (derivations++, `secret-of-${row.seed}`);
    const row = snapshot({ seed: 'a' });
    expect(memo.get(row, derive)).toBe('secret-of-a');
    expect(memo.get(row, derive)).toBe('secret-of-a');
    expect(memo.get(snapshot({ seed: 'b' }), derive)).toBe('secret-of-b');
    expect(derivations).toBe(2);
  });
});
