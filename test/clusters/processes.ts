import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The process bookkeeping shared by the cluster harnesses: each server runs in a process group
 * of its own (spawn `detached`, i.e. setsid), is recorded by PID and start time, and is stopped
 * by signalling that group and nothing else. Three nets catch what a failing test leaves:
 * the harness's own stop() (afterAll), a process 'exit' handler, and a detached watchdog
 * (scripts/clusters/watchdog.js) that stops the recorded groups if this Node process dies
 * without running either, as a Jest worker killed on a timeout does.
 */
export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  log: string;
  /** Settles when the process has exited (and been reaped). */
  exited: Promise<void>;
}

const live = new Set<Started>();
const WATCHDOG = join(__dirname, '..', '..', 'scripts', 'clusters', 'watchdog.js');

/**
 * Signals the group synchronously (usable from an 'exit' handler). Once its leader has exited,
 * only while a member is left (a state-transfer rsync of a crashed mariadbd): Linux does not hand
 * out a PID still in use as a group id, so such a group is still ours.
 */
function signalGroup(p: Started, signal: NodeJS.Signals): void {
  const leaderGone = p.child.exitCode !== null || p.child.signalCode !== null;
  if (leaderGone && !groupHasMembers(p.pid)) return;
  try {
    process.kill(-p.pid, signal);
  } catch {
    /* already gone */
  }
}

function groupHasMembers(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) return true;
    } catch {
      /* exited meanwhile */
    }
  }
  return false;
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const p of live) signalGroup(p, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // once: the handler kills the servers, then re-raises so the default action still ends us.
    process.once(signal, () => {
      for (const p of live) signalGroup(p, 'SIGKILL');
      process.kill(process.pid, signal);
    });
  }
}

/** A temporary folder for one cluster, with its process registry and watchdog. */
export class Workspace {
  /** Workspaces not yet stopped, for stopAllClusters(). */
  static readonly open = new Set<Workspace>();
  readonly root: string;
  private readonly started: Started[] = [];
  private stopped = false;

  constructor(prefix: string) {
    hookExit();
    this.root = mkdtempSync(join(tmpdir(), `consentry-cluster-${prefix}-`));
    writeFileSync(join(this.root, 'pids'), '');
    const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), this.root], {
      detached: true,
      stdio: 'ignore',
    });
    watchdog.unref();
    Workspace.open.add(this);
  }

  dir(name: string): string {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** Starts a server in its own process group, its output in DIR/NAME.log. */
  start(name: string, command: string, args: string[], options: SpawnOptions = {}): Started {
    if (this.stopped) throw new Error(`${name}: its cluster was stopped while starting`);
    const log = join(this.root, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    const p: Started = { name, pid: child.pid, child, log, exited };
    appendFileSync(join(this.root, 'pids'), `${child.pid} ${startTime(child.pid)}\n`);
    live.add(p);
    this.started.push(p);
    void exited.then(() => live.delete(p));
    return p;
  }

  /** Runs a command to its end, tracked like a server; fails with its output's tail. */
  async run(name: string, command: string, args: string[], timeoutMs: number): Promise<void> {
    const p = this.start(name, command, args);
    const timer = setTimeout(() => signalGroup(p, 'SIGKILL'), timeoutMs);
    await p.exited;
    clearTimeout(timer);
    const { exitCode, signalCode } = p.child;
    if (exitCode !== 0) throw new Error(`${name} failed (${exitCode ?? signalCode}):\n${tail(p, 40)}`);
  }

  /** SIGKILLs one server's process group and waits until it has exited. */
  async kill(p: Started): Promise<void> {
    signalGroup(p, 'SIGKILL');
    await p.exited;
  }

  /** Stops everything this workspace started, then removes its folder (which ends the watchdog). */
  async stop(): Promise<void> {
    this.stopped = true;
    Workspace.open.delete(this);
    await Promise.all(this.started.map((p) => this.kill(p)));
    rmSync(this.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/**
 * Stops every cluster this process started and has not stopped, including one still starting
 * (a beforeAll that timed out leaves its start() running: its next step then fails at once).
 */
export async function stopAllClusters(): Promise<void> {
  await Promise.all([...Workspace.open].map((ws) => ws.stop()));
}

/** /proc/PID/stat field 22: with the PID, names one process even if the PID is reused later. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '?';
  } catch {
    return '?';
  }
}

/** The last lines of a process's output, dropping the advice mariadb-install-db prints after its error. */
export function tail(p: Started, lines = 25): string {
  try {
    const text = readFileSync(p.log, 'utf8').split(/\n\nThe problem could be conflicting information/)[0];
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns a value other than undefined/false. Fails after `timeoutMs`
 * with the last error, or at once when one of `watch` has exited (with its log's tail).
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined | false>,
  watch: Started[] = [],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const dead = watch.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`${what}: ${dead.name} (pid ${dead.pid}) exited early:\n${tail(dead)}`);
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        if (process.env.CLUSTER_DEBUG) process.stderr.write(`${what}: ${timeoutMs - (deadline - Date.now())} ms\n`);
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const logs = watch.map((p) => `--- ${p.name}\n${tail(p, 10)}`).join('\n');
      const lastSeen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last: ${lastSeen})` : ''}\n${logs}`);
    }
    await sleep(200);
  }
}

const handedOut = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * `count` free loopback ports below the kernel's ephemeral range (32768+), so that outgoing
 * connections do not take them between the check and the server's bind. With `busOffset`
 * (Redis Cluster's 10000), port + offset must be free too.
 */
export async function freePorts(count: number, busOffset = 0): Promise<number[]> {
  const ports: number[] = [];
  const low = 20000;
  const high = busOffset ? 32767 - busOffset : 32767;
  for (let attempt = 0; ports.length < count; attempt += 1) {
    if (attempt > 2000) throw new Error('no free loopback ports found');
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port) || (busOffset && handedOut.has(port + busOffset))) continue;
    if (!(await canBind(port)) || (busOffset && !(await canBind(port + busOffset)))) continue;
    handedOut.add(port);
    if (busOffset) handedOut.add(port + busOffset);
    ports.push(port);
  }
  return ports;
}
