import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINARIES } from './availability';
import { freePorts, Started, waitFor, Workspace } from './processes';
import { FAST_SYNC } from './redis-cluster';
import { ping, redisCall, redisInfo } from './redis-probe';

export interface RedisServerNode {
  host: string;
  port: number;
  pid: number;
  alive: boolean;
}

export interface RedisSentinelGroup {
  /** For REDIS_SENTINELS or `new Redis({ sentinels, name: masterName })`. */
  sentinels: { host: string; port: number }[];
  masterName: string;
  /** The nodes as started; `alive` turns false on the one killMaster() kills. */
  master: RedisServerNode;
  replica: RedisServerNode;
  /** SIGKILLs the current master and waits until every sentinel names the replica as master. */
  killMaster(): Promise<{ killed: RedisServerNode; promoted: RedisServerNode }>;
  stop(): Promise<void>;
}

export interface RedisSentinelOptions {
  masterName?: string;
  sentinels?: number;
  quorum?: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

function redisArgs(port: number, dir: string): string[] {
  return [
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
    ...FAST_SYNC,
  ];
}

function sentinelConfig(port: number, dir: string, masterPort: number, o: Required<RedisSentinelOptions>): string {
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'daemonize no',
    `dir ${dir}`,
    'logfile ""',
    `sentinel monitor ${o.masterName} 127.0.0.1 ${masterPort} ${o.quorum}`,
    `sentinel down-after-milliseconds ${o.masterName} ${o.downAfterMs}`,
    `sentinel failover-timeout ${o.masterName} ${o.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${o.masterName} 1`,
    '',
  ].join('\n');
}

async function masterPortSeenBy(sentinelPort: number, name: string): Promise<number> {
  const reply = (await redisCall(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', name)) as string[] | null;
  return Number(reply?.[1]);
}

/** A master, one replica and three sentinels (quorum 2) watching it, on loopback ports. */
export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<RedisSentinelGroup> {
  const o: Required<RedisSentinelOptions> = {
    masterName: 'consentry',
    sentinels: 3,
    quorum: 2,
    downAfterMs: 1000,
    failoverTimeoutMs: 5000,
    ...options,
  };
  const ws = new Workspace('redis-sentinel');
  try {
    const [masterPort, replicaPort, ...sentinelPorts] = await freePorts(2 + o.sentinels);
    const masterProc = ws.start(`master-${masterPort}`, BINARIES.redisServer, redisArgs(masterPort, ws.dir('master')));
    const replicaProc = ws.start(`replica-${replicaPort}`, BINARIES.redisServer, [
      ...redisArgs(replicaPort, ws.dir('replica')),
      '--replicaof',
      '127.0.0.1',
      String(masterPort),
    ]);
    const servers = [masterProc, replicaProc];
    await waitFor('sentinel master answers', 10_000, () => ping(masterPort), servers);
    await waitFor(
      'replica in sync',
      20_000,
      async () => (await redisInfo(replicaPort, 'replication')).master_link_status === 'up',
      servers,
    );
    const sentinelProcs: Started[] = sentinelPorts.map((port, i) => {
      const dir = ws.dir(`sentinel${i}`);
      const file = join(dir, 'sentinel.conf');
      writeFileSync(file, sentinelConfig(port, dir, masterPort, o));
      return ws.start(`sentinel-${port}`, BINARIES.redisSentinel, [file]);
    });
    const all = [...servers, ...sentinelProcs];
    for (const port of sentinelPorts) {
      // CKQUORUM is OK once this sentinel knows enough of the others (hello messages, every 2 s).
      await waitFor(
        `sentinel ${port} knows the group`,
        30_000,
        async () => {
          const quorum = String(await redisCall(port, 'SENTINEL', 'CKQUORUM', o.masterName));
          const replicas = (await redisCall(port, 'SENTINEL', 'REPLICAS', o.masterName)) as string[][];
          return quorum.startsWith(`OK ${o.sentinels} usable`) && replicas.length === 1;
        },
        all,
      );
    }
    const master = { host: '127.0.0.1', port: masterPort, pid: masterProc.pid, alive: true };
    const replica = { host: '127.0.0.1', port: replicaPort, pid: replicaProc.pid, alive: true };
    const nodes = [
      { node: master, proc: masterProc },
      { node: replica, proc: replicaProc },
    ];
    const killMaster = async () => {
      const live = nodes.filter((n) => n.node.alive);
      const current = await masterPortSeenBy(sentinelPorts[0], o.masterName);
      const victim = live.find((n) => n.node.port === current);
      const heir = live.find((n) => n !== victim);
      if (!victim || !heir) throw new Error('killMaster(): no live master with a live replica left');
      await ws.kill(victim.proc);
      victim.node.alive = false;
      const watch = [heir.proc, ...sentinelProcs];
      for (const port of sentinelPorts) {
        await waitFor(
          `sentinel ${port} names ${heir.node.port} master`,
          30_000,
          async () => (await masterPortSeenBy(port, o.masterName)) === heir.node.port,
          watch,
        );
      }
      await waitFor(
        `${heir.node.port} is master`,
        10_000,
        async () => (await redisInfo(heir.node.port, 'replication')).role === 'master',
        watch,
      );
      return { killed: victim.node, promoted: heir.node };
    };
    return {
      sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
      masterName: o.masterName,
      master,
      replica,
      killMaster,
      stop: () => ws.stop(),
    };
  } catch (error) {
    await ws.stop().catch(() => undefined);
    throw error;
  }
}
