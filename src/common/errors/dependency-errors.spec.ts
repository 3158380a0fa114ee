import { QueryFailedError } from 'typeorm';
import { isDependencyDown } from './dependency-errors';

describe('isDependencyDown', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }), true],
    [new QueryFailedError('SELECT 1', [], Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' })), true],
    [Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }), true],
    [new Error('Connection is closed.'), true],
    [new QueryFailedError('INSERT', [], Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' })), false],
    [new Error('something else'), false],
    [undefined, false],
  ])('%p → %p', (error, expected) => {
    expect(isDependencyDown(error)).toBe(expected);
  });
});
