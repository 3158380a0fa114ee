import { AuditInput, AuditLog } from '../audit/audit-log.service';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { EphemeralStore } from '../ephemeral/ephemeral-store';
import { MemoryEphemeralStore } from '../ephemeral/memory-store';
import { Quotas } from '../ephemeral/quotas';
import { LoginThrottle } from './login-throttle.service';

describe('LoginThrottle', () => {
  const config = { loginThrottle: { perAccount: 2, perIp: 3, seconds: 60 } } as AppConfig;
  const memory = new MemoryEphemeralStore();
  afterAll(() => memory.close());

  function throttle(store: EphemeralStore = memory) {
    const counted: AuditInput[] = [];
    const audit = {
      count: (input: AuditInput) => {
        counted.push(input);
      },
    } as unknown as AuditLog;
    return { throttle: new LoginThrottle(config, new Quotas(store), audit), counted };
  }

  it('refuses past the account limit with 429 and Retry-After, recorded as login.throttled', async () => {
    const { throttle: t, counted } = throttle();
    await t.reserve('alice', '192.0.2.1');
    await t.reserve('alice', '192.0.2.2');
    await expect(t.reserve('alice', '192.0.2.3')).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.stringMatching(/^(59|60)$/) },
    });
    expect(counted).toEqual([
      expect.objectContaining({ action: 'login.throttled', target: 'account alice', ip: '192.0.2.3' }),
    ]);
    // The refusal counted nothing at 192.0.2.3: it still has all three of its attempts.
    for (const account of ['b1', 'b2', 'b3']) await t.reserve(account, '192.0.2.3');
    await expect(t.reserve('b4', '192.0.2.3')).rejects.toMatchObject({ status: 429 });
  });

  it('a released attempt is given back; an administrator clears the account', async () => {
    const { throttle: t } = throttle();
    const first = await t.reserve('carol', '192.0.2.10');
    await t.reserve('carol', '192.0.2.11');
    await first.release();
    await t.reserve('carol', '192.0.2.12');
    await expect(t.reserve('carol', '192.0.2.13')).rejects.toMatchObject({ status: 429 });
    await t.clearAccount('carol');
    await t.reserve('carol', '192.0.2.13');
  });

  it('a store that cannot be asked is that error (503), not a throttled login', async () => {
    const broken = new MemoryEphemeralStore();
    broken.close();
    broken.reserve = async () => {
      throw AppError.unavailable('Shared state is unavailable.', new Error('ECONNREFUSED'));
    };
    const { throttle: t, counted } = throttle(broken);
    await expect(t.reserve('dave', '192.0.2.20')).rejects.toMatchObject({ status: 503 });
    expect(counted).toEqual([]);
  });

  it('limits registrations per address: 10 an hour', async () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 10; i += 1) await t.consumeRegistration('2001:db8:5:6::1');
    await expect(t.consumeRegistration('2001:db8:5:6::2')).rejects.toMatchObject({ status: 429 });
  });
});
