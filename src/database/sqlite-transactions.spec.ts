import { DataSource, Entity, PrimaryColumn } from 'typeorm';
import { takeSqliteInTurns } from './sqlite-transactions';

@Entity('things')
class Thing {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  id: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite transactions taken in turns', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Thing], synchronize: true })
      .initialize()
      .then((ds) => (takeSqliteInTurns(ds), ds));
  });
  afterEach(() => db.destroy());

  const ids = async () => (await db.query<{ id: string }[]>('SELECT id FROM things ORDER BY id')).map((r) => r.id);

  it("keeps a transaction's writes when another one, begun before it, rolls back", async () => {
    const first = db
      .transaction(async (m) => {
        await m.insert(Thing, { id: 'a' });
        await sleep(20);
        throw new Error('first fails');
      })
      .catch((error: Error) => error.message);
    await sleep(2);
    const second = db.transaction(async (m) => {
      await m.insert(Thing, { id: 'b' });
      return 'committed';
    });
    expect(await second).toBe('committed');
    expect(await first).toBe('first fails');
    expect(await ids()).toEqual(['b']);
  });

  it('keeps a write made outside any transaction while one is open and then rolls back', async () => {
    const open = db
      .transaction(async (m) => {
        await m.insert(Thing, { id: 'a' });
        await sleep(20);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await sleep(2);
    await db.getRepository(Thing).insert({ id: 'c' });
    await open;
    expect(await ids()).toEqual(['c']);
  });

  it('runs a transaction begun inside another as its savepoint, and reads do not wait', async () => {
    await db.transaction(async (outer) => {
      await outer.insert(Thing, { id: 'a' });
      // A read from another context (a cache filling) answers while the transaction is open.
      expect(await Promise.race([db.query('SELECT 1 AS one'), sleep(500).then(() => 'waited')])).toEqual([{ one: 1 }]);
      await db
        .transaction(async (inner) => {
          await inner.insert(Thing, { id: 'b' });
          throw new Error('inner fails');
        })
        .catch(() => undefined);
      await outer.insert(Thing, { id: 'c' });
    });
    expect(await ids()).toEqual(['a', 'c']);
  });

  it('lets a transaction that fails to begin give the connection back', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction(async (m) => {
            await m.insert(Thing, { id: `t${i}` });
            await sleep(1);
            if (i % 3 === 0) throw new Error('no');
          })
          .catch(() => undefined),
      ),
    );
    expect((await ids()).length).toBe(13);
    await db.getRepository(Thing).insert({ id: 'after' });
    expect(await ids()).toContain('after');
  });
});
