import Redis from 'ioredis';

/**
 * One command on one Redis or Sentinel node over a short-lived connection that never retries
 * nor queues: the harness asks each node directly, whatever the topology says.
 */
export async function redisCall(port: number, command: string, ...args: (string | number)[]): Promise<unknown> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 2000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command, ...args);
  } finally {
    client.disconnect();
  }
}

/** INFO SECTION parsed into `field: value`. */
export async function redisInfo(port: number, section: string): Promise<Record<string, string>> {
  const text = String(await redisCall(port, 'INFO', section));
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

export async function ping(port: number): Promise<boolean> {
  return (await redisCall(port, 'PING')) === 'PONG';
}
