import type { DataSource, EntityManager } from 'typeorm';
import { isConflict, transact } from './transact';

/** A data source whose transactions fail with `failures` in turn, then run the work. */
function flaky(failures: unknown[]): { db: DataSource; runs: () => number } {
  let runs = 0;
  const db = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
      runs += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { db, runs: () => runs };
}

/** As TypeORM wraps a mysql2 error. */
const driver = (code: string) =>
  Object.assign(new Error('QueryFailedError'), { driverError: Object.assign(new Error(code), { code, errno: 1213 }) });

describe('transact: a transaction that lost a race runs again', () => {
  it.each([['ER_LOCK_DEADLOCK'], ['ER_LOCK_WAIT_TIMEOUT'], ['ER_CHECKREAD']])('after %s', async (code) => {
    const { db, runs } = flaky([driver(code), driver(code)]);
    await expect(transact(db, async () => 'done')).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('gives up after the attempts, with the last error', async () => {
    const { db, runs } = flaky([driver('ER_LOCK_DEADLOCK'), driver('ER_LOCK_DEADLOCK')]);
    await expect(transact(db, async () => 'done', { attempts: 2 })).rejects.toMatchObject({
      driverError: { code: 'ER_LOCK_DEADLOCK' },
    });
    expect(runs()).toBe(2);
  });

  it('does not repeat other failures, unless the caller names them', async () => {
    const dup = driver('ER_DUP_ENTRY');
    const once = flaky([dup]);
    await expect(transact(once.db, async () => 'done')).rejects.toBe(dup);
    expect(once.runs()).toBe(1);
    const named = flaky([driver('ER_DUP_ENTRY')]);
    await expect(transact(named.db, async () => 'done', { alsoOn: ['ER_DUP_ENTRY'] })).resolves.toBe('done');
  });

  it('reads codes on the error or its driver error, and nothing else', () => {
    expect(isConflict(Object.assign(new Error('x'), { code: 'ER_LOCK_DEADLOCK' }))).toBe(true);
    expect(isConflict(new Error('ER_LOCK_DEADLOCK'))).toBe(false);
    expect(isConflict(undefined)).toBe(false);
  });
});
