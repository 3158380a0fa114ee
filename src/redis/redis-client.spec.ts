import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { isDependencyDown } from '../common/errors/dependency-errors';
import { createRedisClient, RedisClient } from './redis-client';

/** Accepts connections and reads what it is sent, and never answers: a hung Redis. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket
      .on('data', () => undefined)
      .on('end', () => socket.destroy())
      .on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

describe('createRedisClient against a Redis that never answers', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let client: RedisClient | undefined;

  beforeEach(async () => {
    silent = await silentServer();
  });
  afterEach(async () => {
    if (client) {
      const ended = once(client, 'end');
      client.disconnect();
      await ended;
      client = undefined;
    }
    for (const socket of silent.sockets) socket.destroy();
    await new Promise((resolve) => silent.server.close(resolve));
  });

  async function expectTimedOut(redis: RedisClient, timeoutMs: number): Promise<void> {
    redis.on('error', () => undefined);
    const started = Date.now();
    const error = await redis.get('consentry:test').then(
      () => undefined,
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Command timed out');
    expect(isDependencyDown(error)).toBe(true);
    expect(took).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(took).toBeLessThan(timeoutMs + 1000);
  }

  it('standalone: a command fails with "Command timed out" after REDIS_COMMAND_TIMEOUT_MS', async () => {
    client = createRedisClient({
      topology: 'standalone',
      url: `redis://127.0.0.1:${silent.port}`,
      commandTimeoutMs: 300,
    });
    await expectTimedOut(client, 300);
  });

  it('cluster: a command held while no node answers (the cluster offline queue) fails at the timeout too', async () => {
    client = createRedisClient({
      topology: 'cluster',
      nodes: [{ host: '127.0.0.1', port: silent.port }],
      tls: false,
      commandTimeoutMs: 300,
    });
    await expectTimedOut(client, 300);
  });
});
