import { join } from 'node:path';
import { BINARIES } from './availability';
import { freePorts, Started, waitFor, Workspace } from './processes';
import { ping, redisCall, redisInfo } from './redis-probe';

export interface ClusterNode {
  host: string;
  port: number;
  pid: number;
  /** Kept current by killMaster(): the promoted replica becomes 'master'. */
  role: 'master' | 'replica';
  /** The node's cluster id (CLUSTER MYID). */
  id: string;
  /** False once killMaster() has killed it. */
  alive: boolean;
}

export interface RedisCluster {
  nodes: ClusterNode[];
  /** `127.0.0.1:PORT` of every node, for REDIS_CLUSTER_NODES or `new Cluster(...)`. */
  seeds: { host: string; port: number }[];
  /**
   * SIGKILLs the index-th master still alive (in `nodes` order) and waits until its replica
   * is master and every live node reports cluster_state:ok with the new layout.
   */
  killMaster(index: number): Promise<{ killed: ClusterNode; promoted: ClusterNode }>;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** cluster-node-timeout: how long a silent master takes to be failed over (about this + 1 s). */
  nodeTimeoutMs?: number;
}

/** A replica's first full sync waits 5 s (repl-diskless-sync-delay) for others to join it: not here. */
export const FAST_SYNC = ['--repl-diskless-sync-delay', '0'];

interface NodeLine {
  id: string;
  port: number;
  flags: string[];
  masterId: string;
  connected: boolean;
}

async function clusterNodes(port: number): Promise<NodeLine[]> {
  const text = String(await redisCall(port, 'CLUSTER', 'NODES'));
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, masterId, , , , link] = line.split(' ');
      const port = Number(address.split('@')[0].split(':').pop());
      return { id, port, flags: flags.split(','), masterId, connected: link === 'connected' };
    });
}

async function clusterOk(port: number): Promise<boolean> {
  return /cluster_state:ok/.test(String(await redisCall(port, 'CLUSTER', 'INFO')));
}

/** A Redis Cluster of `masters` masters with `replicasPerMaster` replicas each, on loopback ports. */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const { masters = 3, replicasPerMaster = 1, nodeTimeoutMs = 2000 } = options;
  const count = masters * (1 + replicasPerMaster);
  const ws = new Workspace('redis-cluster');
  try {
    const ports = await freePorts(count, 10000);
    const servers: Started[] = ports.map((port, i) => {
      const dir = ws.dir(`node${i}`);
      return ws.start(`redis-${port}`, BINARIES.redisServer, [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, 'nodes.conf'),
        '--cluster-node-timeout',
        String(nodeTimeoutMs),
        ...FAST_SYNC,
      ]);
    });
    for (const port of ports) await waitFor(`redis ${port} answers`, 10_000, () => ping(port), servers);
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await ws.run(
      'cluster-create',
      BINARIES.redisCli,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'],
      30_000,
    );
    await waitUntilSettled(ports, masters, servers);
    const layout = await clusterNodes(ports[0]);
    const nodes: ClusterNode[] = ports.map((port, i) => {
      const line = layout.find((l) => l.port === port)!;
      return {
        host: '127.0.0.1',
        port,
        pid: servers[i].pid,
        id: line.id,
        alive: true,
        role: line.flags.includes('master') ? 'master' : 'replica',
      };
    });
    const killMaster = (index: number) => failOver(ws, nodes, servers, index);
    return { nodes, seeds: nodes.map(({ host, port }) => ({ host, port })), killMaster, stop: () => ws.stop() };
  } catch (error) {
    await ws.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Every node sees the whole layout (each of them, not only the one asked: gossip spreads a
 * replica's role a moment after it is set), state ok, and every replica's link to its master up.
 */
async function waitUntilSettled(ports: number[], masters: number, watch: Started[]): Promise<void> {
  for (const port of ports) {
    await waitFor(
      `redis ${port} sees the settled cluster`,
      20_000,
      async () => {
        if (!(await clusterOk(port))) return false;
        const layout = await clusterNodes(port);
        const settled =
          layout.length === ports.length &&
          layout.every((l) => l.connected && !l.flags.includes('fail')) &&
          layout.filter((l) => l.flags.includes('master')).length === masters;
        const replication = await redisInfo(port, 'replication');
        return settled && (replication.role === 'master' || replication.master_link_status === 'up');
      },
      watch,
    );
  }
}

async function failOver(ws: Workspace, nodes: ClusterNode[], servers: Started[], index: number) {
  const masters = nodes.filter((n) => n.alive && n.role === 'master');
  const killed = masters[index];
  if (!killed) throw new Error(`killMaster(${index}): only ${masters.length} live masters`);
  const survivor = nodes.find((n) => n.alive && n !== killed)!;
  const replicaIds = (await clusterNodes(survivor.port)).filter((l) => l.masterId === killed.id).map((l) => l.id);
  const promotedCandidates = nodes.filter((n) => n.alive && replicaIds.includes(n.id));
  if (promotedCandidates.length === 0) throw new Error(`killMaster(${index}): master ${killed.port} has no replica`);
  await ws.kill(servers[nodes.indexOf(killed)]);
  killed.alive = false;
  const live = nodes.filter((n) => n.alive);
  const watch = servers.filter((_, i) => nodes[i].alive);
  const promoted = await waitFor(
    `a replica of ${killed.port} promoted`,
    30_000,
    async () => {
      for (const candidate of promotedCandidates) {
        if ((await redisInfo(candidate.port, 'replication')).role === 'master') return candidate;
      }
      return undefined;
    },
    watch,
  );
  for (const node of live) {
    await waitFor(
      `redis ${node.port} sees the failover`,
      30_000,
      async () => {
        const layout = await clusterNodes(node.port);
        const gone = layout.find((l) => l.id === killed.id)?.flags.includes('fail');
        const master = layout.find((l) => l.id === promoted.id)?.flags.includes('master');
        return gone && master && (await clusterOk(node.port));
      },
      watch,
    );
  }
  promoted.role = 'master';
  return { killed, promoted };
}
