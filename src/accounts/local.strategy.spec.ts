import type { FastifyRequest } from 'fastify';
import { AccessPolicy } from '../access/access-policy';
import { AuditLog } from '../audit/audit-log.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.service';

describe('LocalStrategy', () => {
  const alice = { id: 1, username: 'Alice' } as User;

  function strategy(verified: User | null) {
    const calls = { reserved: 0, released: 0, verified: 0 };
    const throttle = {
      reserve: async () => {
        calls.reserved += 1;
        return {
          release: async () => {
            calls.released += 1;
          },
        };
      },
    } as unknown as LoginThrottle;
    const users = {
      verifyCredentials: async () => {
        calls.verified += 1;
        return verified;
      },
    } as unknown as UsersService;
    const audit = { count: () => undefined } as unknown as AuditLog;
    const policy = { decide: () => ({ allowed: true }) } as unknown as AccessPolicy;
    return { local: new LocalStrategy(users, throttle, audit, policy), calls };
  }
  const request = (body: unknown) => ({ ip: '192.0.2.7', body }) as FastifyRequest;

  it.each([
    ['a number', 12345],
    ['true', true],
    ['an array', ['Alice']],
    ['an object', { a: 'b' }],
    ['null', null],
  ])(
    'refuses a username or password that is %s with 400, before reserving or checking anything',
    async (_name, value) => {
      const { local, calls } = strategy(alice);
      await expect(local.validate(request({ username: value, password: 'secret-password' }))).rejects.toMatchObject({
        status: 400,
      });
      await expect(local.validate(request({ username: 'Alice', password: value }))).rejects.toMatchObject({
        status: 400,
      });
      expect(calls).toEqual({ reserved: 0, released: 0, verified: 0 });
    },
  );

  it('refuses an over-long username or password, and credentials outside the body', async () => {
    const { local, calls } = strategy(alice);
    await expect(local.validate(request({ username: 'a'.repeat(256), password: 'x' }))).rejects.toMatchObject({
      status: 400,
    });
    await expect(local.validate(request({ username: 'Alice', password: 'x'.repeat(1025) }))).rejects.toMatchObject({
      status: 400,
    });
    await expect(local.validate(request(undefined))).rejects.toMatchObject({ status: 400 });
    expect(calls.reserved).toBe(0);
  });

  it('a wrong password keeps its reservation (it is the failure count)', async () => {
    const { local, calls } = strategy(null);
    await expect(local.validate(request({ username: 'Alice', password: 'wrong' }))).rejects.toMatchObject({
      status: 401,
    });
    expect(calls).toEqual({ reserved: 1, released: 0, verified: 1 });
  });

  it('a right password gives back its own reservation', async () => {
    const { local, calls } = strategy(alice);
    await expect(local.validate(request({ username: 'Alice', password: 'right' }))).resolves.toBe(alice);
    expect(calls).toEqual({ reserved: 1, released: 1, verified: 1 });
  });
});
