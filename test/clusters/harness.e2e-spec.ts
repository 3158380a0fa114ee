import Redis, { Cluster } from 'ioredis';
import { Connection, createConnection } from 'mysql2/promise';
import { describeCluster } from './describe-cluster';
import { GaleraCluster, startGalera } from './galera';
import { stopAllClusters, waitFor } from './processes';
import { RedisCluster, startRedisCluster } from './redis-cluster';
import { redisCall } from './redis-probe';
import { RedisSentinelGroup, startRedisSentinel } from './redis-sentinel';

/**
 * The cluster harness itself, on real servers: each cluster starts, carries data from one
 * node to another, survives the loss of its master (Redis) with the client recovering, and
 * stops. Runs only with CLUSTER_TESTS=1 (or =required), see describe-cluster.ts.
 */
const timings: string[] = [];
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
afterAll(async () => {
  await stopAllClusters(); // a start that outlived its beforeAll's timeout
  if (timings.length) process.stderr.write(`cluster harness timings: ${timings.join('; ')}\n`);
});

const keys = Array.from({ length: 30 }, (_, i) => `harness:${i}`);

describeCluster('redisCluster', 'Redis Cluster harness: 3 masters, 1 replica each', () => {
  let cluster: RedisCluster;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await timed('redis cluster start', () => startRedisCluster({ masters: 3, replicasPerMaster: 1 }));
    client = new Cluster(cluster.seeds, { redisOptions: { connectTimeout: 1000 } });
    client.on('error', () => undefined); // refused connections to the killed master, until it is replaced
  }, 60_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it("spreads keys over every master, and each replica holds its master's keys", async () => {
    expect(cluster.nodes.filter((n) => n.role === 'master')).toHaveLength(3);
    for (const key of keys) await client.set(key, `value of ${key}`);
    for (const key of keys) expect(await client.get(key)).toBe(`value of ${key}`);
    for (const node of cluster.nodes) {
      // Every node, master or replica, ends up with some of the keys: a third of them each.
      const dbsize = async () => Number(await redisCall(node.port, 'DBSIZE'));
      const size = await waitFor(`keys on ${node.port}`, 5000, dbsize);
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(keys.length);
    }
  });

  it('answers for every key again once a master is killed and its replica promoted', async () => {
    const { killed, promoted } = await timed('redis cluster failover', () => cluster.killMaster(0));
    expect(killed.alive).toBe(false);
    expect(promoted.role).toBe('master');
    for (const key of keys) expect(await client.get(key)).toBe(`value of ${key}`);
    for (const key of keys) await client.set(key, 'after failover');
    for (const key of keys) expect(await client.get(key)).toBe('after failover');
  }, 60_000);
});

describeCluster('redisSentinel', 'Redis Sentinel harness: master, replica, 3 sentinels', () => {
  let group: RedisSentinelGroup;
  let client: Redis;
  beforeAll(async () => {
    group = await timed('redis sentinel start', () => startRedisSentinel());
    client = new Redis({ sentinels: group.sentinels, name: group.masterName, connectTimeout: 1000 });
    // During the failover it reports the dead master and "All sentinels are unreachable" (the
    // sentinels still name the dead master) while it retries; the test shows that it recovers.
    client.on('error', () => undefined);
  }, 60_000);
  afterAll(async () => {
    client?.disconnect();
    await group?.stop();
  });

  it('writes through the master the sentinels name, and the replica receives it', async () => {
    await client.set('harness:sentinel', 'before');
    expect(await client.config('GET', 'port')).toEqual(['port', String(group.master.port)]);
    const onReplica = () => redisCall(group.replica.port, 'GET', 'harness:sentinel');
    expect(await waitFor('replicated', 5000, async () => (await onReplica()) === 'before')).toBe(true);
  });

  it('follows the sentinels to the promoted replica when the master is killed', async () => {
    const { promoted } = await timed('redis sentinel failover', () => group.killMaster());
    expect(promoted.port).toBe(group.replica.port);
    expect(await client.get('harness:sentinel')).toBe('before');
    await client.set('harness:sentinel', 'after');
    expect(await client.config('GET', 'port')).toEqual(['port', String(promoted.port)]);
    expect(await redisCall(group.replica.port, 'GET', 'harness:sentinel')).toBe('after');
  }, 60_000);
});

describeCluster('galera', 'Galera harness: 3 MariaDB nodes', () => {
  let galera: GaleraCluster;
  const connections: Connection[] = [];
  const open = async (index: number) => {
    const node = galera.nodes[index];
    const c = await createConnection({ host: node.host, port: node.port, user: 'root', database: galera.database });
    connections.push(c);
    return c;
  };
  beforeAll(async () => {
    galera = await timed('galera start', () => startGalera({ nodes: 3 }));
  }, 240_000);
  afterAll(async () => {
    for (const c of connections) await c.end().catch(() => undefined);
    await galera?.stop();
  });

  it('reads on node 3 the row inserted on node 1', async () => {
    const first = await open(0);
    await first.query('CREATE TABLE harness (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40)) ENGINE=InnoDB');
    await first.query('INSERT INTO harness (note) VALUES (?)', ['written on node 1 ✓']);
    const third = await open(2);
    // Galera applies writesets on other nodes asynchronously: a causal read waits for them.
    await third.query('SET SESSION wsrep_sync_wait = 1');
    const [rows] = await third.query('SELECT note FROM harness');
    expect(rows).toEqual([{ note: 'written on node 1 ✓' }]);
  });

  it('serves the database over TCP as root on every node, in utf8mb4', async () => {
    for (const [index, node] of galera.nodes.entries()) {
      expect(node.url).toBe(`mariadb://root@127.0.0.1:${node.port}/${galera.database}`);
      const c = await open(index);
      const [charset] = await c.query('SELECT @@character_set_database AS charset');
      expect(charset).toEqual([{ charset: 'utf8mb4' }]);
      const [size] = await c.query("SHOW STATUS LIKE 'wsrep_cluster_size'");
      expect(size).toEqual([{ Variable_name: 'wsrep_cluster_size', Value: '3' }]);
    }
  });
});
