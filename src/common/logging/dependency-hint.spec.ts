import { EventEmitter } from 'node:events';
import { dependencyHint, dependencyMessage, watchRedisClient } from './dependency-hint';

describe('dependencyHint', () => {
  it('names REDIS_URL for ioredis errors and DATABASE_URL for the database', () => {
    const redis = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(dependencyHint(redis)).toMatchObject({ dependency: 'redis', setting: expect.stringMatching(/^REDIS_URL/) });
    expect(dependencyHint(new Error('Connection is closed.')).dependency).toBe('redis');
    const database = Object.assign(new Error('Query failed'), {
      name: 'QueryFailedError',
      driverError: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(dependencyHint(database)).toEqual({
      dependency: 'database',
      setting: 'DATABASE_URL',
      detail: 'ECONNREFUSED',
    });
    expect(dependencyMessage(dependencyHint(database))).toBe(
      'The database is not answering (ECONNREFUSED); check DATABASE_URL',
    );
    // A group-commit flush the database never answered (FlushTimeout).
    const hung = Object.assign(new Error('The database did not answer a token write within 10000 ms'), {
      name: 'FlushTimeout',
      code: 'ETIMEDOUT',
    });
    expect(dependencyMessage(dependencyHint(hung))).toBe(
      'The database is not answering (ETIMEDOUT); check DATABASE_URL',
    );
  });

  it('names both settings when it cannot tell, and never repeats a password from a message', () => {
    const hint = dependencyHint(new Error('Pool is closed: mysql://user:hunter2@db:3306/x\n    at stack'));
    expect(hint.setting).toBe('DATABASE_URL and REDIS_URL');
    expect(hint.detail).toBe('Pool is closed: mysql://[redacted]@db:3306/x');
  });
});

describe('watchRedisClient', () => {
  it('warns once while Redis is away, naming the setting, and says when it is back', () => {
    const client = new EventEmitter();
    const log = { warn: jest.fn(), info: jest.fn() };
    watchRedisClient(client, log);
    for (let i = 0; i < 5; i += 1)
      client.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0][1]).toMatch(/^Redis is not answering \(ECONNREFUSED\); check REDIS_URL/);
    client.emit('ready');
    expect(log.info).toHaveBeenCalledWith({ dependency: 'redis' }, 'Redis is answering again');
    client.emit('error', new Error('Connection is closed.'));
    expect(log.warn).toHaveBeenCalledTimes(2);
  });
});
