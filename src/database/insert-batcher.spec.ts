import { FlushTimeout, InsertBatcher } from './insert-batcher';

describe('InsertBatcher (group commit)', () => {
  it('writes the rows handed in during one turn with one flush, and resolves each caller after it', async () => {
    const flushes: number[][] = [];
    let committed = false;
    const batcher = new InsertBatcher<number>(async (rows) => {
      flushes.push(rows);
      await new Promise((r) => setTimeout(r, 5));
      committed = true;
    });
    const results = await Promise.all(
      [batcher.add([1]), batcher.add([2, 3]), batcher.add([4])].map((p) => p.then(() => committed)),
    );
    expect(flushes).toEqual([[1, 2, 3, 4]]);
    // Nobody resumed before the flush had finished.
    expect(results).toEqual([true, true, true]);
  });

  it("splits at maxRows without splitting one caller's rows", async () => {
    const flushes: number[][] = [];
    const batcher = new InsertBatcher<number>(async (rows) => {
      flushes.push(rows);
    }, 3);
    await Promise.all([batcher.add([1, 2]), batcher.add([3, 4]), batcher.add([5])]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('gives every caller the error when the database is away, and later batches run normally', async () => {
    let fail = true;
    const batcher = new InsertBatcher<number>(async () => {
      if (fail) throw new Error('database away');
    });
    const outcomes = await Promise.allSettled([batcher.add([1]), batcher.add([2])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toEqual(new Error('database away'));
    fail = false;
    await expect(batcher.add([3])).resolves.toBeUndefined();
  });

  it('fails only the caller whose row is refused: the others are written alone', async () => {
    const written: number[] = [];
    const batcher = new InsertBatcher<number>(async (rows) => {
      if (rows.includes(2)) throw new Error('foreign key');
      written.push(...rows);
    });
    const outcomes = await Promise.allSettled([batcher.add([1]), batcher.add([2]), batcher.add([3])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(written.sort()).toEqual([1, 3]);
  });
});

describe('InsertBatcher under load', () => {
  it('keeps at most maxInFlight flushes running; rows handed in meanwhile go together in the next', async () => {
    const flushes: number[][] = [];
    let running = 0;
    let most = 0;
    // The first flush runs until the test lets it end: no timer for a loaded machine to outrun.
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const batcher = new InsertBatcher<number>(
      async (rows) => {
        running += 1;
        most = Math.max(most, running);
        flushes.push(rows);
        if (flushes.length === 1) await gate;
        running -= 1;
      },
      500,
      1,
    );
    const first = batcher.add([1]);
    // Later turns, while the first flush is still running.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const later = [batcher.add([2]), batcher.add([3])];
    await new Promise((r) => setImmediate(r));
    later.push(batcher.add([4]));
    release();
    await Promise.all([first, ...later]);
    expect(most).toBe(1);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('fails the callers of a flush that never settles, frees its slot, and the next flush goes through', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const flushes: number[][] = [];
      const batcher = new InsertBatcher<number>(
        (rows) => {
          flushes.push(rows);
          // The first flush hangs for ever, like a connection that took the statement and went quiet.
          return flushes.length === 1 ? new Promise<void>(() => undefined) : Promise.resolve();
        },
        500,
        1,
        1000,
      );
      const hung = [batcher.add([1]), batcher.add([2])].map((p) => p.then(() => 'ok').catch((e: Error) => e));
      await new Promise((r) => setImmediate(r));
      const waiting = batcher.add([3]);
      jest.advanceTimersByTime(1000);
      const results = await Promise.all(hung);
      for (const result of results) {
        expect(result).toBeInstanceOf(FlushTimeout);
        expect(result).toMatchObject({ code: 'ETIMEDOUT' });
      }
      await expect(waiting).resolves.toBeUndefined();
      // Both callers of the hung flush failed together, without a second wait each.
      expect(flushes).toEqual([[1, 2], [3]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
