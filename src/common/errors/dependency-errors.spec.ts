import { QueryFailedError } from 'typeorm';
import { isDependencyDown } from './dependency-errors';

describe('isDependencyDown', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }), true],
    [
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('Connection lost: The server closed the connection.'), {
          code: 'PROTOCOL_CONNECTION_LOST',
        }),
      ),
      true,
    ],
    [
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      true,
    ],
    [new Error('Connection is closed.'), true],
    // A command unanswered for REDIS_COMMAND_TIMEOUT_MS (ioredis commandTimeout, and BoundedCluster).
    [new Error('Command timed out'), true],
    [new Error('None of startup nodes is available'), true],
    // A Redis Cluster or Sentinel failover in progress (seen in test/clusters: a slot of the killed master).
    [new Error('Too many Cluster redirections. Last error: ReplyError: MOVED 2926 127.0.0.1:21002'), true],
    [Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' }), true],
    [new Error('CLUSTERDOWN The cluster is down'), true],
    [new Error("READONLY You can't write against a read only replica."), true],
    [new Error('All sentinels are unreachable. Retrying from scratch after 10ms.'), true],
    [new QueryFailedError('INSERT', [], Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' })), false],
    [new Error('something else'), false],
    [undefined, false],
  ])('%p → %p', (error, expected) => {
    expect(isDependencyDown(error)).toBe(expected);
  });
});
