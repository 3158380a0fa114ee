import { MemoryEphemeralStore } from './memory-store';
import { Quotas, QuotaRule } from './quotas';

describe('Quotas', () => {
  const store = new MemoryEphemeralStore();
  const quotas = new Quotas(store);
  afterAll(() => store.close());
  let n = 0;
  const rule = (name: string, limit: number): QuotaRule => ({ name, key: `k${(n += 1)}`, limit, windowMs: 60_000 });

  it('takes every rule or none: a refusal gives back the rules already taken', async () => {
    const address = rule('spec-ip', 5);
    const account = rule('spec-account', 1);
    expect((await quotas.take([address, account])).granted).toBe(true);
    expect(await quotas.take([address, account])).toMatchObject({
      granted: false,
      refusedBy: 'spec-account',
      retryAfterMs: expect.any(Number),
    });
    // The refused take counted nothing at the address: 4 more fit, not 3.
    for (let i = 0; i < 4; i += 1) expect((await quotas.take([address])).granted).toBe(true);
    expect((await quotas.take([address])).granted).toBe(false);
  });

  it('a ticket gives back its uses once, however often it is released', async () => {
    const account = rule('spec-account', 2);
    const first = await quotas.take([account]);
    await quotas.take([account]);
    if (!first.granted) throw new Error('expected a grant');
    await first.ticket.release();
    await first.ticket.release();
    expect((await quotas.take([account])).granted).toBe(true);
    expect((await quotas.take([account])).granted).toBe(false);
  });

  it('clear forgets a counter; rules of other names with the same key are separate', async () => {
    const account = rule('spec-account', 1);
    await quotas.take([account]);
    expect((await quotas.take([{ ...account, name: 'spec-other' }])).granted).toBe(true);
    expect((await quotas.take([account])).granted).toBe(false);
    await quotas.clear('spec-account', account.key);
    expect((await quotas.take([account])).granted).toBe(true);
  });
});
