import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/common/config/database-url';
import { clusterTools } from '../test/clusters/availability';
import { GaleraCluster, startGalera } from '../test/clusters/galera';
import { RedisCluster, startRedisCluster } from '../test/clusters/redis-cluster';
import { redisInfo } from '../test/clusters/redis-probe';
import type { Row } from './report';
import { prepare, scenarios, wanted } from './scenarios';
import { startServer } from './server';

/**
 * The scenarios whose cost a cluster can change, with the ceiling as each server's own yardstick:
 * Bearer verification (cached: should not notice), OAuth 1.0a (a Redis write per request, its
 * nonce), client_credentials (a token row committed per request), refresh (a transaction: one
 * UPDATE and one INSERT) and the code flow (Redis for the session and the code, the database for
 * the tokens). Introspection is a cached read like Bearer verification.
 */
export const CLUSTER_SCENARIOS = [1, 2, 3, 4, 5, 7];

export interface ClusterReport {
  /** The single-node rows' topology, e.g. 'MariaDB + Redis'. */
  single: string;
  rows: Row[];
  /** What each row's letter stands for: g, r, b. */
  topologies: { tag: string; name: string }[];
  /** The clusters' settings, and each topology left out with the reason: lines for the report. */
  notes: string[];
}

interface Topology {
  tag: string;
  name: string;
  /** Undefined: the single-node rows' database (BENCH_DATABASE_URL, or a fresh SQLite file). */
  database?: string;
  env: Record<string, string>;
}

const GALERA_NODES = 3;
const REDIS_MASTERS = 3;

/**
 * The cluster rows of `npm run bench`: the CLUSTER_SCENARIOS (those BENCH_ONLY leaves) on a
 * server whose database is one node of a 3-node Galera cluster, on one whose Redis is a Redis
 * Cluster of 3 masters with a replica each, and on one with both; each topology changes one
 * thing against the single-node rows (`single`: their database; their Redis is BENCH_REDIS_URL).
 * The clusters come from the test harness (test/clusters), on loopback ports of their own, and
 * are stopped before this returns. A missing tool or a cluster that does not start is printed
 * and its rows left out; BENCH_CLUSTERS chooses the topologies (0: none).
 */
export async function clusterRows({ port, single }: { port: number; single: string }): Promise<ClusterReport> {
  const singleDatabase = databaseName(single);
  const singleRedis = process.env.BENCH_REDIS_URL ? 'Redis' : 'in-memory store';
  const report: ClusterReport = { single: `${singleDatabase} + ${singleRedis}`, rows: [], topologies: [], notes: [] };
  const chosen = CLUSTER_SCENARIOS.filter(wanted);
  const tags = selectedTopologies();
  if (tags.size === 0 || chosen.length === 0) {
    if (tags.size === 0) process.stderr.write('BENCH_CLUSTERS=0: no cluster rows\n');
    return report;
  }
  const skip = (what: string, why: string) => {
    const line = `${what}: left out, ${why}`;
    report.notes.push(line);
    process.stderr.write(`${line}\n`);
  };
  const tools = clusterTools();
  let galera: GaleraCluster | undefined;
  let redis: RedisCluster | undefined;
  const run = async (topology: Topology, offset: number) => {
    try {
      report.rows.push(...(await measureTopology(topology, port + offset, chosen)));
      report.topologies.push({ tag: topology.tag, name: topology.name });
    } catch (error) {
      skip(topology.name, `it failed: ${firstLine(error)}`);
    }
  };
  try {
    // One cluster at a time where a topology needs only one: an idle cluster still takes some CPU.
    const galeraName = `Galera ×${GALERA_NODES}`;
    const wantGalera = tags.has('g') || tags.has('b');
    if (wantGalera && !tools.galera.available) skip(galeraName, tools.galera.reason);
    else if (wantGalera)
      galera = await start(galeraName, () => startGalera({ nodes: GALERA_NODES, database: 'consentry' }), skip);
    if (galera)
      try {
        report.notes.push(await describeSingle(single), await configureGalera(galera, single));
      } catch (error) {
        skip(galeraName, `it could not be set up: ${firstLine(error)}`);
        await galera.stop();
        galera = undefined;
      }
    if (galera && tags.has('g'))
      await run({ tag: 'g', name: `${galeraName} + ${singleRedis}`, database: galera.nodes[0].url, env: {} }, 0);
    const redisName = `Redis Cluster ${REDIS_MASTERS}+${REDIS_MASTERS}`;
    const wantRedis = tags.has('r') || tags.has('b');
    if (wantRedis && !tools.redisCluster.available) skip(redisName, tools.redisCluster.reason);
    else if (wantRedis) redis = await start(redisName, () => startRedisCluster({ masters: REDIS_MASTERS }), skip);
    if (redis)
      try {
        report.notes.push(await describeRedisCluster(redis));
      } catch (error) {
        skip(redisName, `it did not answer: ${firstLine(error)}`);
        await redis.stop();
        redis = undefined;
      }
    // REDIS_URL emptied: the configuration refuses two Redis topologies, and empty means unset.
    const clusterEnv: Record<string, string> = redis
      ? { REDIS_URL: '', REDIS_CLUSTER_NODES: redis.seeds.map((s) => `${s.host}:${s.port}`).join(',') }
      : {};
    if (galera && redis && tags.has('b'))
      await run({ tag: 'b', name: `${galeraName} + ${redisName}`, database: galera.nodes[0].url, env: clusterEnv }, 1);
    await galera?.stop();
    galera = undefined;
    if (redis && tags.has('r')) await run({ tag: 'r', name: `${singleDatabase} + ${redisName}`, env: clusterEnv }, 2);
  } finally {
    await galera?.stop();
    await redis?.stop();
  }
  return report;
}

/**
 * BENCH_CLUSTERS: unset or 1, every topology; 0, none; otherwise the letters of those wanted
 * (`g,b`: Galera with the single Redis, and Galera with Redis Cluster).
 */
function selectedTopologies(): Set<string> {
  const value = process.env.BENCH_CLUSTERS ?? '1';
  if (value === '0') return new Set();
  if (value === '1' || value === '') return new Set(['g', 'r', 'b']);
  return new Set(value.split(',').map((t) => t.trim()));
}

async function measureTopology(topology: Topology, port: number, chosen: number[]): Promise<Row[]> {
  process.stderr.write(`Cluster rows: ${topology.name}\n`);
  const server = await startServer(port, { database: topology.database, env: topology.env });
  try {
    const fx = await prepare(server, ` (${topology.tag})`);
    const rows: Row[] = [];
    for (const scenario of scenarios(fx))
      if (chosen.includes(scenario.n))
        rows.push(await scenario.run(`${scenario.n}${topology.tag}. ${scenario.short} on ${topology.name}`));
    return rows;
  } finally {
    await server.stop();
  }
}

async function start<T>(
  what: string,
  starter: () => Promise<T>,
  skip: (what: string, why: string) => void,
): Promise<T | undefined> {
  process.stderr.write(`Starting ${what}…\n`);
  const started = Date.now();
  try {
    const cluster = await starter();
    process.stderr.write(`${what} up in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    return cluster;
  } catch (error) {
    skip(what, `it did not start: ${firstLine(error)}`);
    return undefined;
  }
}

/**
 * The harness's nodes flush InnoDB's log once a second (innodb_flush_log_at_trx_commit=2) where
 * the single node usually flushes at every commit: given the single node's value (or
 * BENCH_GALERA_FLUSH_LOG), the rows differ by replication, not by a laxer flush.
 */
async function configureGalera(galera: GaleraCluster, single: string): Promise<string> {
  const flush = process.env.BENCH_GALERA_FLUSH_LOG ?? (await mysqlVariable(single, 'innodb_flush_log_at_trx_commit'));
  for (const node of galera.nodes) {
    const c = await createConnection({ host: node.host, port: node.port, user: 'root' });
    try {
      if (flush !== undefined) await c.query('SET GLOBAL innodb_flush_log_at_trx_commit = ?', [Number(flush)]);
    } finally {
      await c.end();
    }
  }
  const c = await createConnection({ host: galera.nodes[0].host, port: galera.nodes[0].port, user: 'root' });
  try {
    const [[v]] = (await c.query(
      'SELECT @@version AS version, @@innodb_flush_log_at_trx_commit AS flush, @@wsrep_sync_wait AS syncWait',
    )) as unknown as [{ version: string; flush: number; syncWait: number }[]];
    const [[provider]] = (await c.query("SHOW STATUS LIKE 'wsrep_provider_version'")) as unknown as [
      { Value: string }[],
    ];
    const origin = process.env.BENCH_GALERA_FLUSH_LOG
      ? 'BENCH_GALERA_FLUSH_LOG'
      : flush === undefined
        ? 'the harness default'
        : 'as on the single node';
    return [
      `Galera: ${galera.nodes.length} nodes of MariaDB ${v.version} (provider ${provider.Value}) on loopback,`,
      `the server on node 1; innodb_flush_log_at_trx_commit=${v.flush} on every node (${origin}),`,
      `wsrep_sync_wait=${v.syncWait}.`,
    ].join(' ');
  } finally {
    await c.end();
  }
}

async function describeRedisCluster(redis: RedisCluster): Promise<string> {
  const version = (await redisInfo(redis.nodes[0].port, 'server')).redis_version;
  const masters = redis.nodes.filter((n) => n.role === 'master').length;
  return [
    `Redis Cluster: ${masters} masters, ${redis.nodes.length - masters} replicas (redis-server ${version})`,
    'on loopback, no persistence; REDIS_CLUSTER_NODES names every node.',
  ].join(' ');
}

/** The single-node rows' database, for comparison with the Galera nodes' settings. */
async function describeSingle(single: string): Promise<string> {
  const version = await mysqlVariable(single, 'version');
  if (version === undefined) return `Single node: ${databaseName(single)}.`;
  const flush = await mysqlVariable(single, 'innodb_flush_log_at_trx_commit');
  return `Single node: ${databaseName(single)} ${version}, innodb_flush_log_at_trx_commit=${flush}.`;
}

/** A global variable of the single node's database, when it is MariaDB or MySQL. */
async function mysqlVariable(url: string, name: string): Promise<string | undefined> {
  const settings = parseDatabaseUrl(url);
  if (typeof settings === 'string' || settings.type === 'better-sqlite3') return undefined;
  const c = await createConnection(settings.url);
  try {
    const [[row]] = (await c.query(`SELECT @@${name} AS value`)) as unknown as [{ value: unknown }[]];
    return String(row.value);
  } finally {
    await c.end();
  }
}

function databaseName(url: string): string {
  if (url.startsWith('sqlite')) return 'SQLite';
  return url.startsWith('mysql') ? 'MySQL' : 'MariaDB';
}

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0];
}
