import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  url: string;
  pid: number;
  env: Record<string, string>;
  database: string;
  stop(): Promise<void>;
  cli(...args: string[]): string;
}

const ROOT = join(__dirname, '..');

/**
 * Starts the built server (dist/) in its own process, so the load generator and the server do
 * not share a CPU. SQLite in a temporary folder unless BENCH_DATABASE_URL (and BENCH_REDIS_URL)
 * point at real MariaDB and Redis. `overrides` start a second server on the same database.
 *
 * The temporary folder (the server's DATA_DIR, and its SQLite file) is removed when the server
 * stops. BENCH_KEEP_DATA=1 keeps it and prints where it is: a later run can reuse the database
 * with BENCH_DATABASE_URL=sqlite:<folder>/bench.sqlite (each run proposes its consumers under a
 * version of its own, runVersion). Only the folder this call made is ever removed, never the
 * one a BENCH_DATABASE_URL or `overrides.database` points into.
 */
export async function startServer(
  port: number,
  overrides: { database?: string; env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-bench-'));
  const keep = Boolean(process.env.BENCH_KEEP_DATA) && process.env.BENCH_KEEP_DATA !== '0';
  const release = () => {
    if (keep) process.stderr.write(`BENCH_KEEP_DATA: kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const database = overrides.database ?? process.env.BENCH_DATABASE_URL ?? `sqlite:${dir}/bench.sqlite`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database,
    DATA_DIR: dir,
    SECRET_KEY: 'bench-secret-key-0123456789abcdef-0123456789',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '127.0.0.1',
    ADMIN_USERNAME: 'BenchAdmin',
    ADMIN_PASSWORD: 'bench-admin-password',
    PROPOSALS_PER_HOUR: '10000',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
    ...overrides.env,
  };
  // BENCH_CPU_PROF=DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, join(ROOT, 'dist', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 150 && !ready && child.exitCode === null; i += 1) {
    ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    release();
    throw new Error(`the server on port ${port} did not become ready (exit code ${child.exitCode ?? 'none'})`);
  }
  return {
    url,
    env,
    database,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      release();
    },
    cli: (...args) =>
      execFileSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { env, encoding: 'utf8' }),
  };
}
