import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { configureApp, createAdapter } from '../src/app.setup';
import { loadConfig } from '../src/common/config/load-config';
import { sendError } from '../src/common/errors/send-error';
import { createLogger, PinoNestLogger } from '../src/common/logging/logger';
import { SigningKeys } from '../src/keys/signing-keys.service';
import { MailTransport } from '../src/mail/mail-transport';
import { signCompact } from '../src/protocol/jose/compact-sign';
import { createTestDatabase, TestDatabase } from './helpers/databases';
import { freePort } from './helpers/oauth1';
import { RecordingMailTransport } from './helpers/recording-mail';
import { TEST_SECRET_KEY } from './helpers/test-app';

type Line = Record<string, unknown> & { level: number; msg: string };

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const QUIET = ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'];

/** A pino destination that keeps every line, raw (to search for secrets) and parsed. */
function capture(): { raw: string[]; lines: Line[]; write(chunk: string): void } {
  const raw: string[] = [];
  const lines: Line[] = [];
  return {
    raw,
    lines,
    write(chunk: string) {
      raw.push(chunk);
      lines.push(JSON.parse(chunk) as Line);
    },
  };
}

/**
 * The logs an operator reads (docs/operations.md#logs): Nest's route lines only at
 * debug, every refusal at info with its code and request id and no secret, the token verifier's
 * reasons at debug, dependency failures naming their setting; and, from the real entry point, one
 * start-up summary and the SIGTERM lines.
 */
describe('logging', () => {
  const out = capture();
  let app: NestFastifyApplication;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const config = loadConfig({
      NODE_ENV: 'test',
      SECRET_KEY: TEST_SECRET_KEY,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'debug',
      PUBLIC_URL: 'http://consentry.test',
    });
    const logger = createLogger('debug', { format: 'json', destination: out });
    const nestLogger = new PinoNestLogger(logger);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(MailTransport)
      .useValue(new RecordingMailTransport())
      .setLogger(nestLogger)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config, logger), {
      logger: nestLogger,
      rawBody: true,
    });
    await configureApp(app, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const linesAfter = (from: number) => out.lines.slice(from);
  const accessToken = async (claims: Record<string, unknown>, kid?: string): Promise<string> => {
    const key = await app.get(SigningKeys).current();
    const now = Math.floor(Date.now() / 1000);
    return signCompact(
      key.alg,
      { typ: 'at+jwt', kid: kid ?? key.kid },
      { iss: 'http://consentry.test', client_id: 'some-client', jti: 'j1', iat: now, exp: now + 300, ...claims },
      key.key,
    );
  };

  it("logs Nest's module and route lines at debug only", () => {
    const framework = out.lines.filter((line) => QUIET.includes(line.context as string));
    expect(framework.some((line) => line.context === 'RouterExplorer')).toBe(true);
    expect(framework.filter((line) => line.level >= INFO)).toEqual([]);
  });

  it('logs a refused Bearer token in its request line at info: code, route, request id, never the token', async () => {
    const from = out.lines.length;
    const token = await accessToken({}, 'no-such-kid');
    const response = await request(app.getHttpServer())
      .get('/api/v1/users/me?token=query-secret-value&x=1')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    const refused = linesAfter(from).filter((line) => line.msg === 'request');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: INFO,
      reqId: response.headers['x-request-id'],
      req: { method: 'GET', url: '/api/v1/users/me?token=[redacted]&x=1' },
      route: '/api/v1/users/me',
      status: 401,
      code: 'invalid_token',
    });
    const text = out.raw.join('');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain('query-secret-value');
  });

  it("logs the access policy's reason code with a gateway refusal", async () => {
    const from = out.lines.length;
    await request(app.getHttpServer()).get('/auth/verify').expect(401);
    expect(linesAfter(from).filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({
        level: INFO,
        status: 401,
        code: 'mwoauth-invalid-authorization',
        reason: 'credential_invalid',
      }),
    ]);
  });

  it('logs a refused token request with its OAuth 2 code, never the client secret from the form', async () => {
    const from = out.lines.length;
    await request(app.getHttpServer())
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: 'form-secret-value' })
      .expect(401);
    expect(linesAfter(from).filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({ level: INFO, route: '/oauth2/token', status: 401, code: 'invalid_client' }),
    ]);
    expect(out.raw.join('')).not.toContain('form-secret-value');
  });

  it('says at debug why the verifier refused a token: unknown kid, wrong issuer, expired', async () => {
    const from = out.lines.length;
    const send = async (token: string) =>
      request(app.getHttpServer()).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(401);
    const tokens = [
      await accessToken({}, 'no-such-kid'),
      await accessToken({ iss: 'http://localhost:3000' }),
      await accessToken({ exp: Math.floor(Date.now() / 1000) - 60 }),
    ];
    for (const token of tokens) await send(token);
    const reasons = linesAfter(from)
      .filter((line) => line.context === 'AccessTokenVerifier')
      .map((line) => [line.level, line.msg]);
    expect(reasons).toEqual([
      [DEBUG, 'Access token refused: unknown signing key kid "no-such-kid"'],
      [
        DEBUG,
        'Access token refused: wrong issuer: expected http://consentry.test (PUBLIC_URL), got "http://localhost:3000"',
      ],
      [DEBUG, expect.stringMatching(/^Access token refused: expired \(exp \d+, client "some-client"\)$/)],
    ]);
    const text = out.raw.join('');
    for (const token of tokens) expect(text).not.toContain(token.split('.')[2]);
  });

  it('names the setting to check when Redis or the database is away, without a stack', async () => {
    const warnings: [object, string][] = [];
    const fake = {
      url: '/api/v1/users/me',
      method: 'GET',
      headers: {},
      routeOptions: { url: '/api/v1/users/me' },
      log: {
        warn: (fields: object, message: string) => warnings.push([fields, message]),
        info: () => undefined,
        error: () => undefined,
      },
    } as unknown as FastifyRequest;
    const sent = { sent: true } as unknown as FastifyReply;
    const redisDown = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    });
    const databaseDown = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306'), {
      name: 'QueryFailedError',
      driverError: Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306'), { code: 'ECONNREFUSED' }),
    });
    await sendError(redisDown, fake, sent);
    await sendError(databaseDown, fake, sent);
    expect(warnings.map(([, message]) => message)).toEqual([
      expect.stringMatching(/^Redis is not answering \(.*\); check REDIS_URL/),
      'The database is not answering (ECONNREFUSED); check DATABASE_URL',
    ]);
    expect(warnings[0][0]).toMatchObject({ dependency: 'redis', status: 503 });
    expect(JSON.stringify(warnings)).not.toContain('stack');
  });
});

describe('logging from the entry point', () => {
  it('starts with one summary line instead of route lines, and says it drains on SIGTERM', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'consentry-logging-'));
    const server = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'src', 'main.ts')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: 'http://consentry.test',
        DATABASE_URL: `sqlite:${dir}/s.sqlite`,
        DATA_DIR: dir,
        SECRET_KEY: TEST_SECRET_KEY,
        ADMIN_USERNAME: 'Operator',
        ADMIN_PASSWORD: 'operator-password-not-logged',
        LOG_LEVEL: 'info',
        // Development, but stdout is a pipe: JSON unless LOG_FORMAT says otherwise.
        NODE_ENV: 'development',
        LOG_FORMAT: '',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    for (
      let i = 0;
      i < 200 &&
      !(await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false));
      i += 1
    )
      await new Promise((r) => setTimeout(r, 100));
    server.kill('SIGTERM');
    await exited;

    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
    expect(lines.filter((line) => QUIET.includes(line.context as string))).toEqual([]);
    const summaries = lines.filter((line) => line.url === 'http://consentry.test');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      level: INFO,
      listen: `127.0.0.1:${port}`,
      database: `SQLite ${dir}/s.sqlite`,
      redis: expect.stringMatching(/^none/),
      admin: expect.stringMatching(/^Operator /),
      mail: expect.stringContaining('SMTP_URL unset'),
    });
    expect(summaries[0].msg).toMatch(/^Consentry is ready at http:\/\/consentry\.test .*database SQLite .*Redis none/);
    expect(lines.find((line) => line.signal === 'SIGTERM')?.msg).toMatch(/finishing requests in flight/);
    expect(lines.some((line) => /^Requests drained/.test(line.msg))).toBe(true);
    expect(lines.every((line) => line.level < WARN)).toBe(true);
    expect(stdout).not.toContain('operator-password-not-logged');
    expect(stdout).not.toContain(TEST_SECRET_KEY);
  }, 60_000);

  it('names the setting to check when Redis is away at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentry-logging-'));
    const server = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'src', 'main.ts')], {
      env: {
        ...process.env,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${dir}/s.sqlite`,
        DATA_DIR: dir,
        SECRET_KEY: TEST_SECRET_KEY,
        LOG_LEVEL: 'info',
        NODE_ENV: 'test',
        REDIS_URL: `redis://127.0.0.1:${await freePort()}/0`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => server.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Consentry failed to start: Redis is not answering \(.*\); check REDIS_URL/);
  }, 60_000);
});
