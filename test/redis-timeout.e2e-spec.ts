import { existsSync } from 'node:fs';
import { createServer, connect, Server, Socket } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { freePort } from './helpers/oauth1';
import { PrivateRedis } from './helpers/private-services';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const haveRedis = existsSync('/usr/bin/redis-server');
if (!haveRedis) process.stderr.write('redis-timeout: needs redis-server; skipped here.\n');

const TIMEOUT_MS = 500;

/**
 * A TCP proxy in front of a real Redis that can stall: while stalled it accepts connections and
 * reads what clients send, but passes nothing on, so nothing is answered (a hung Redis, or a
 * connection stuck in a bad state, as ioredis sees it: no error, no close, no reply). `answer()`
 * passes on what it held, in order, as a Redis that was only slow would answer.
 */
class StallingProxy {
  private readonly server: Server;
  private readonly links = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  private stalled = false;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      const link = { client, upstream, held: [] as Buffer[] };
      this.links.add(link);
      client.on('data', (data: Buffer) => (this.stalled ? link.held.push(data) : upstream.write(data)));
      upstream.on('data', (data: Buffer) => client.write(data));
      const end = () => {
        this.links.delete(link);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  stall(): void {
    this.stalled = true;
  }

  answer(): void {
    this.stalled = false;
    for (const link of this.links) for (const data of link.held.splice(0)) link.upstream.write(data);
  }

  close(): Promise<void> {
    for (const link of this.links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A Redis that accepts connections and never answers (REDIS_COMMAND_TIMEOUT_MS): a request that
 * needs it is refused with 503 within about the timeout instead of hanging, the process stays up,
 * and it serves again by itself once Redis answers.
 */
(haveRedis ? describe : describe.skip)('a Redis that does not answer', () => {
  let redis: PrivateRedis;
  let proxy: StallingProxy;
  let t: TestApp;
  let user: TestAgent;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    const proxyPort = await freePort();
    proxy = new StallingProxy(redis.port);
    await proxy.listen(proxyPort);
    t = await createTestApp('sqlite', {
      REDIS_URL: `redis://127.0.0.1:${proxyPort}/0`,
      REDIS_COMMAND_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const account = await makeUser(t.app);
    // Sessions live in Redis: every request of this agent reads its session there.
    user = await loginAgent(t.server, account.username, account.password);
  }, 60_000);
  afterAll(async () => {
    proxy?.answer();
    await t?.close().catch(() => undefined);
    await proxy?.close();
    await redis?.stop();
  });

  it('refuses with 503 within about the command timeout, stays up, and recovers when Redis answers', async () => {
    await user.get('/api/v1/me/authorizations').expect(200);

    proxy.stall();
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const refused = await user.get('/api/v1/me/authorizations');
      const took = Date.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe('temporarily_unavailable');
      expect(refused.headers['retry-after']).toBe('5');
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(took).toBeLessThan(TIMEOUT_MS * 4);
    }
    // Liveness does not need Redis; readiness says it is not answering.
    await request(t.server).get('/healthz').expect(200);
    await request(t.server).get('/readyz').expect(503);

    proxy.answer();
    const end = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < end && status !== 200) {
      status = (await user.get('/api/v1/me/authorizations')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    await request(t.server).get('/readyz').expect(200);
  }, 30_000);
});
