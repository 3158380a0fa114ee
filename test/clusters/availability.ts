import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Which real clusters this machine can start, so that a suite can skip with a reason instead
 * of failing on a missing binary. The Debian packages named are those .ci/run installs.
 */
export interface ClusterTool {
  available: boolean;
  /** One line for a human when not available; empty otherwise. */
  reason: string;
}

export interface ClusterTools {
  redisCluster: ClusterTool;
  redisSentinel: ClusterTool;
  galera: ClusterTool;
}

export const BINARIES = {
  redisServer: '/usr/bin/redis-server',
  redisCli: '/usr/bin/redis-cli',
  redisSentinel: '/usr/bin/redis-sentinel',
  mariadbd: '/usr/sbin/mariadbd',
  installDb: '/usr/bin/mariadb-install-db',
  galera: '/usr/lib/galera/libgalera_smm.so',
  rsync: '/usr/bin/rsync',
  sstRsync: '/usr/bin/wsrep_sst_rsync',
};

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The uid and gid of the `mysql` account, which mariadbd switches to (`user=mysql`). */
export function mysqlAccount(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('mysql:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function missing(checks: [ok: boolean, what: string][]): ClusterTool {
  const absent = checks.filter(([ok]) => !ok).map(([, what]) => what);
  return absent.length ? { available: false, reason: absent.join('; ') } : { available: true, reason: '' };
}

function galeraBlocker(): string | undefined {
  const account = mysqlAccount();
  if (!account) return 'no `mysql` account for mariadbd to run as (Debian package mariadb-server creates it)';
  const uid = process.getuid?.();
  if (uid !== 0 && uid !== account.uid) return 'mariadbd must be started as root (it drops to mysql) or as mysql';
  // The data folders live under the temp dir: mysql must be able to traverse it.
  const mode = statSync(tmpdir()).mode;
  if (!(mode & 0o001)) return `${tmpdir()} is not traversable by mysql (mode ${(mode & 0o777).toString(8)})`;
  return undefined;
}

export function clusterTools(): ClusterTools {
  const redis: [boolean, string][] = [
    [executable(BINARIES.redisServer), `${BINARIES.redisServer} missing (apt-get install redis-server)`],
    [executable(BINARIES.redisCli), `${BINARIES.redisCli} missing (apt-get install redis-tools)`],
  ];
  const blocker = galeraBlocker();
  return {
    redisCluster: missing(redis),
    redisSentinel: missing([
      ...redis,
      [executable(BINARIES.redisSentinel), `${BINARIES.redisSentinel} missing (apt-get install redis-sentinel)`],
    ]),
    galera: missing([
      [executable(BINARIES.mariadbd), `${BINARIES.mariadbd} missing (apt-get install mariadb-server)`],
      [executable(BINARIES.installDb), `${BINARIES.installDb} missing (apt-get install mariadb-server)`],
      [readable(BINARIES.galera), `Galera provider ${BINARIES.galera} missing (apt-get install galera-4)`],
      [executable(BINARIES.rsync), `${BINARIES.rsync} missing, needed for state transfer (apt-get install rsync)`],
      [executable(BINARIES.sstRsync), `${BINARIES.sstRsync} missing (apt-get install mariadb-server)`],
      [!blocker, blocker ?? ''],
    ]),
  };
}

/** "redis-sentinel: /usr/bin/redis-sentinel missing (...)" lines for what cannot run here. */
export function describeMissing(tools: ClusterTools = clusterTools()): string[] {
  return Object.entries(tools)
    .filter(([, t]) => !t.available)
    .map(([name, t]) => `${name}: ${t.reason}`);
}
