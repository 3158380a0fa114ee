import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const haveServers =
  existsSync('/usr/sbin/mariadbd') && existsSync('/usr/bin/mariadb-install-db') && existsSync('/usr/bin/redis-server');

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up`);
}

/**
 * A MariaDB server of the test's own (own data folder and port), so a fault test can stop and
 * start it without disturbing the shared one the other tests use.
 */
export class PrivateMariaDb {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'consentry-mariadb-'));

  constructor(readonly port: number) {
    execFileSync(
      '/usr/bin/mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${this.dir}`,
        '--auth-root-authentication-method=normal',
        '--user=root',
        '--skip-test-db',
      ],
      { stdio: 'ignore' },
    );
  }

  get url(): string {
    return `mariadb://root@127.0.0.1:${this.port}/consentry`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${this.dir}`,
        `--port=${this.port}`,
        `--socket=${this.dir}/mysqld.sock`,
        '--user=root',
        '--bind-address=127.0.0.1',
        '--skip-log-bin',
      ],
      { stdio: 'ignore' },
    );
    await until(
      () => this.query('CREATE DATABASE IF NOT EXISTS consentry CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'),
      'MariaDB',
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  private query(sql: string): boolean {
    try {
      execFileSync('mariadb', ['-uroot', '-h127.0.0.1', `-P${this.port}`, '--protocol=tcp', '-e', sql], {
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  }
}

/** A Redis server of the test's own, likewise. */
export class PrivateRedis {
  private process?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      '/usr/bin/redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await until(() => {
      try {
        return execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).trim() === 'PONG';
      } catch {
        return false;
      }
    }, 'Redis');
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
