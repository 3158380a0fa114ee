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
      keyPrefix: '',
    });
    await expectTimedOut(client, 300);
  });

  it('cluster: a command held while no node answers (the cluster offline queue) fails at the timeout too', async () => {
    client = createRedisClient({
      topology: 'cluster',
      nodes: [{ host: '127.0.0.1', port: silent.port }],
      tls: false,
      commandTimeoutMs: 300,
      keyPrefix: '',
    });
    await expectTimedOut(client, 300);
  });
});

/**
 * A Redis whose first connection passes the client's ready check (INFO) and then goes quiet for
 * good (a stuck socket), while new connections are answered: GET is nil, INFO says it is ready.
 */
async function stuckFirstConnection(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    const quietAfterReady = connections === 1;
    let ready = false;
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // RESP requests: *<n>\r\n then n bulk strings; answer each whole one.
      for (;;) {
        const match = /^\*(\d+)\r\n/.exec(buffered);
        if (!match) return;
        let at = match[0].length;
        const parts: string[] = [];
        for (let i = 0; i < Number(match[1]); i += 1) {
          const head = /^\$(\d+)\r\n/.exec(buffered.slice(at));
          if (!head || buffered.length < at + head[0].length + Number(head[1]) + 2) return;
          at += head[0].length;
          parts.push(buffered.slice(at, at + Number(head[1])));
          at += Number(head[1]) + 2;
        }
        buffered = buffered.slice(at);
        if (quietAfterReady && ready) continue;
        const info = parts[0].toLowerCase() === 'info';
        ready ||= info;
        // INFO: not loading; CLIENT SETINFO and the like: OK; GET: nil.
        socket.write(info ? '$9\r\nloading:0\r\n' : parts[0].toLowerCase() === 'get' ? '$-1\r\n' : '+OK\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

describe('createRedisClient with a connection that stays open and answers nothing', () => {
  it('drops it after three timeouts in a row and answers again on a new one', async () => {
    const stuck = await stuckFirstConnection();
    const client = createRedisClient({
      topology: 'standalone',
      url: `redis://127.0.0.1:${stuck.port}`,
      commandTimeoutMs: 200,
      keyPrefix: '',
    });
    client.on('error', () => undefined);
    try {
      await once(client, 'ready');
      for (let i = 0; i < 3; i += 1) await expect(client.get('consentry:test')).rejects.toThrow('Command timed out');
      expect(await client.get('consentry:test')).toBeNull();
      expect(stuck.connections()).toBe(2);
    } finally {
      client.disconnect();
      await new Promise((resolve) => stuck.server.close(resolve));
    }
  });
});
