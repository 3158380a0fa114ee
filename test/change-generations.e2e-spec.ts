import { Consumer } from '../src/consumers/consumer.entity';
import { generations } from '../src/database/change-generations';
import { User } from '../src/users/user.entity';
import { databaseKinds } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('hot-path cache invalidation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(kind); });
  afterAll(async () => { await t.close(); });

  it('bumps a kind when a transaction that wrote it commits, not before, and not on rollback', async () => {
    const user = await makeUser(t.app);
    const before = generations.users;
    let inside = -1;
    await t.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { realName: 'Changed' });
      // A concurrent reader must not cache the old row under a new counter.
      inside = generations.users;
    });
    expect(inside).toBe(before);
    expect(generations.users).toBeGreaterThan(before);

    const afterCommit = generations.users;
    await expect(t.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { realName: 'Rolled back' });
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(generations.users).toBe(afterCommit);
  });

  it('bumps at once for a write outside a transaction', async () => {
    const before = generations.consumers;
    await t.dataSource.getRepository(Consumer).update({ id: -1 }, { name: 'nobody' });
    expect(generations.consumers).toBeGreaterThan(before);
  });
});
