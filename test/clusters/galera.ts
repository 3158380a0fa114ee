import { chmodSync, chownSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, createConnection } from 'mysql2/promise';
import { BINARIES, mysqlAccount } from './availability';
import { freePorts, Started, waitFor, Workspace } from './processes';

export interface GaleraNode {
  host: string;
  port: number;
  pid: number;
  /** `mariadb://root@127.0.0.1:PORT/DATABASE`: root over TCP has no password on these nodes. */
  url: string;
  /** The node's own socket, for the mariadb CLI (`mariadb -S ...`). */
  socket: string;
}

export interface GaleraCluster {
  nodes: GaleraNode[];
  database: string;
  stop(): Promise<void>;
}

export interface GaleraOptions {
  nodes?: number;
  database?: string;
}

interface NodePlan {
  index: number;
  dir: string;
  sql: number;
  gmcast: number;
  ist: number;
  sst: number;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** One node's my.cnf. Small buffers: three of these run beside the test suite on two cores. */
function config(plan: NodePlan, all: NodePlan[], clusterName: string): string {
  const peers = all.map((p) => `127.0.0.1:${p.gmcast}`).join(',');
  const provider = [
    `gmcast.listen_addr=tcp://127.0.0.1:${plan.gmcast}`,
    `ist.recv_addr=127.0.0.1:${plan.ist}`,
    'gcache.size=16M',
    'pc.recovery=FALSE',
  ].join(';');
  return `[mysqld]
user=mysql
basedir=/usr
datadir=${plan.dir}/data
tmpdir=${plan.dir}/tmp
socket=${plan.dir}/mysqld.sock
pid-file=${plan.dir}/mysqld.pid
port=${plan.sql}
bind-address=127.0.0.1
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
default_storage_engine=InnoDB
binlog_format=ROW
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=8M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
wsrep_on=ON
wsrep_provider=${BINARIES.galera}
wsrep_cluster_name=${clusterName}
wsrep_cluster_address=gcomm://${peers}
wsrep_node_name=node${plan.index + 1}
wsrep_node_address=127.0.0.1
wsrep_node_incoming_address=127.0.0.1:${plan.sql}
wsrep_provider_options="${provider}"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${plan.sst}
`;
}

function connect(port: number, database?: string): Promise<Connection> {
  return createConnection({ host: '127.0.0.1', port, user: 'root', database, connectTimeout: 2000 });
}

async function wsrepStatus(port: number): Promise<Record<string, string>> {
  const connection = await connect(port);
  try {
    const [rows] = await connection.query("SHOW GLOBAL STATUS LIKE 'wsrep_%'");
    return Object.fromEntries(
      (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
    );
  } finally {
    await connection.end();
  }
}

async function synced(port: number, size: number): Promise<boolean> {
  const status = await wsrepStatus(port);
  return (
    status.wsrep_local_state_comment === 'Synced' &&
    Number(status.wsrep_cluster_size) === size &&
    status.wsrep_ready === 'ON'
  );
}

/**
 * A Galera cluster of `nodes` MariaDB servers on loopback ports (never 3306: the machine's own
 * MariaDB is left alone), each with its own data folder; the first bootstraps the cluster and
 * the others join it by rsync state transfer.
 */
export async function startGalera(options: GaleraOptions = {}): Promise<GaleraCluster> {
  const { nodes: count = 3, database = 'consentry' } = options;
  const account = mysqlAccount();
  if (!account) throw new Error('startGalera: no mysql account (see clusterTools())');
  const ws = new Workspace('galera');
  try {
    chmodSync(ws.root, 0o755); // mysql must traverse it to reach its data folders
    const ports = await freePorts(count * 4);
    const plans: NodePlan[] = Array.from({ length: count }, (_, index) => {
      const [sql, gmcast, ist, sst] = ports.slice(index * 4, index * 4 + 4);
      const dir = ws.dir(`node${index + 1}`);
      for (const sub of ['data', 'tmp']) ws.dir(`node${index + 1}/${sub}`);
      return { index, dir, sql, gmcast, ist, sst };
    });
    const clusterName = `consentry-${ports[0]}`;
    for (const plan of plans) {
      writeFileSync(join(plan.dir, 'my.cnf'), config(plan, plans, clusterName));
      chownTree(plan.dir, account.uid, account.gid);
    }
    await Promise.all(plans.map((plan) => initialise(ws, plan)));
    const start = (plan: NodePlan, extra: string[] = []) =>
      ws.start(`mariadbd-${plan.sql}`, BINARIES.mariadbd, [`--defaults-file=${plan.dir}/my.cnf`, ...extra]);
    const servers: Started[] = [start(plans[0], ['--wsrep-new-cluster'])];
    await waitFor('galera node 1 bootstrapped', 60_000, () => synced(plans[0].sql, 1), servers);
    for (const plan of plans.slice(1)) servers.push(start(plan));
    for (const plan of plans) {
      await waitFor(
        `galera node ${plan.index + 1} synced in a cluster of ${count}`,
        180_000,
        () => synced(plan.sql, count),
        servers,
      );
    }
    await createDatabase(plans, database);
    const nodes = plans.map((plan, i) => ({
      host: '127.0.0.1',
      port: plan.sql,
      pid: servers[i].pid,
      socket: `${plan.dir}/mysqld.sock`,
      url: `mariadb://root@127.0.0.1:${plan.sql}/${database}`,
    }));
    return { nodes, database, stop: () => ws.stop() };
  } catch (error) {
    await ws.stop().catch(() => undefined);
    throw error;
  }
}

/** A fresh system database whose root has no password over TCP (the historical 'normal'). */
function initialise(ws: Workspace, plan: NodePlan): Promise<void> {
  return ws.run(
    `install-db-node${plan.index + 1}`,
    BINARIES.installDb,
    [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${plan.dir}/data`,
      '--basedir=/usr',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      // Its own tmpdir: bootstraps sharing /tmp sometimes lose each other's temporary tables
      // ("Unknown table 'mysql.tmp_user_sys'").
      `--tmpdir=${plan.dir}/tmp`,
      '--innodb-log-file-size=8M',
      '--innodb-buffer-pool-size=16M',
    ],
    120_000,
  );
}

/** The schema is replicated by Galera (DDL in total order): create on one node, see it on every. */
async function createDatabase(plans: NodePlan[], database: string): Promise<void> {
  const first = await connect(plans[0].sql);
  await first.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await first.end();
  for (const plan of plans) {
    await waitFor(`database ${database} on node ${plan.index + 1}`, 10_000, async () => {
      const c = await connect(plan.sql, database);
      await c.end();
      return true;
    });
  }
}
