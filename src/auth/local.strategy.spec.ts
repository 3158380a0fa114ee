import type { FastifyRequest } from 'fastify';
import { AccessPolicy } from '../access/access-policy';
import { AuditLog } from '../audit/audit-log.service';
import { AppError } from '../common/errors/app-error';
import { UsersService } from '../users/users.service';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.service';

describe('LocalStrategy: what the throttle check puts on record', () => {
  const request = { ip: '192.0.2.7' } as FastifyRequest;

  function strategy(check: () => Promise<void>) {
    const counted: string[] = [];
    const throttle = { check, recordFailure: async () => undefined, clearAccount: async () => undefined } as unknown as LoginThrottle;
    const users = { verifyCredentials: async () => null } as unknown as UsersService;
    const audit = { count: (input: { action: string }) => { counted.push(input.action); } } as unknown as AuditLog;
    return { local: new LocalStrategy(users, throttle, audit, {} as AccessPolicy), counted };
  }

  it('a login refused by the throttle (429) is recorded as login.throttled', async () => {
    const { local, counted } = strategy(async () => { throw AppError.tooManyRequests('Too many failed login attempts.', 60); });
    await expect(local.validate(request, 'Alice', 'guess')).rejects.toMatchObject({ status: 429 });
    expect(counted).toEqual(['login.throttled']);
  });

  it('a throttle that cannot be asked (its store away) is that error, not a throttled login', async () => {
    const { local, counted } = strategy(async () => { throw AppError.unavailable('Shared state is unavailable; try again shortly.', new Error('ECONNREFUSED')); });
    await expect(local.validate(request, 'Alice', 'guess')).rejects.toMatchObject({ status: 503 });
    expect(counted).toEqual([]);
  });
});
