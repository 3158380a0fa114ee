import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, databaseKinds, TestDatabase } from './helpers/databases';
import { freePort } from './helpers/oauth1';
import { TEST_SECRET_KEY } from './helpers/test-app';

/**
 * The CLI and the server as an operator runs them: separate processes started in a working
 * directory whose `.env` holds the settings (docs/configuration.md#the-env-file). Nothing
 * else of this process's environment reaches them, so a setting missing from the file is missing.
 */
const ROOT = join(__dirname, '..');
const REGISTER = require.resolve('@swc-node/register');
const PUBLIC_URL = 'http://auth.cli-config.test';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(script: 'cli.ts' | 'main.ts', args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'src', script), ...args], {
    cwd,
    // swc-node finds the compiler options from the working directory unless told.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cwd,
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Waits for /healthz, reading each answer (an unread body keeps its connection open). */
async function serving(base: string, exit: Promise<Finished>): Promise<void> {
  let exited: Finished | undefined;
  void exit.then((run) => (exited = run));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (exited) throw new Error(`the server exited with ${exited.code}: ${exited.stderr}`);
    const up = await fetch(`${base}/healthz`).then(
      async (answer) => (await answer.arrayBuffer(), answer.ok),
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not answer /healthz within a minute');
}

const cli = (cwd: string, ...args: string[]) => finished(start('cli.ts', args, cwd));

describe.each(databaseKinds())('the CLI and the server share their configuration, on %s', (kind) => {
  let dir: string;
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'consentry-cli-config-')));
    if (kind === 'sqlite') databaseUrl = 'sqlite:consentry.sqlite';
    else {
      database = await createTestDatabase(kind);
      databaseUrl = database.url;
    }
    writeFileSync(
      join(dir, '.env'),
      [
        '# Only here: neither process gets PUBLIC_URL from anywhere else.',
        `PUBLIC_URL=${PUBLIC_URL}`,
        `DATABASE_URL=${databaseUrl}`,
        `SECRET_KEY=${TEST_SECRET_KEY}`,
        'ADMIN_USERNAME=Admin',
        'ADMIN_PASSWORD=admin-password-1',
        'NODE_ENV=test',
        // The server's; the CLI keeps to warnings, so that its --json output stays JSON.
        'LOG_LEVEL=info',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  if (kind === 'sqlite') {
    it('refuses every command but migrate while the SQLite file does not exist, naming it', async () => {
      const file = join(dir, 'consentry.sqlite');
      // One command that boots the application, one that opens the database alone.
      for (const run of await Promise.all([cli(dir, 'consumer:list'), cli(dir, 'user:confusables')])) {
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`Error: DATABASE_URL names the SQLite database ${file}, which does not exist.`);
        expect(run.stdout).toBe('');
      }
      expect(existsSync(file)).toBe(false);
    }, 60_000);
  }

  it('migrate creates the database', async () => {
    const run = await cli(dir, 'migrate');
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Applied: Initial\d+, /) });
    if (kind === 'sqlite') expect(existsSync(join(dir, 'consentry.sqlite'))).toBe(true);
  }, 60_000);

  it("prints an owner-only token with the server's issuer, which the server accepts", async () => {
    const created = await cli(
      dir,
      'consumer:create',
      '--owner',
      'Admin',
      '--name',
      'Env Script',
      '--version',
      '1.0',
      '--oauth-version',
      '2',
      '--grants',
      'editpage',
      '--owner-only',
      '--json',
    );
    expect(created.code).toBe(0);
    const { consumerKey, accessToken } = JSON.parse(created.stdout) as { consumerKey: string; accessToken: string };
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.iss).toBe(PUBLIC_URL);

    // The port and address come from the real environment, the rest from the same .env.
    const port = await freePort();
    const server = start('main.ts', [], dir, { PORT: String(port), HOST: '127.0.0.1' });
    const exited = finished(server);
    try {
      const base = `http://127.0.0.1:${port}`;
      await serving(base, exited);
      const answer = await fetch(`${base}/auth/verify`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status: 200 });
      expect(answer.headers.get('x-auth-user-name')).toBe('Admin');
      expect(answer.headers.get('x-auth-consumer-key')).toBe(consumerKey);
      const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(PUBLIC_URL);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
