import { MemoryEphemeralStore } from '../ephemeral/memory-store';
import { Quotas } from '../ephemeral/quotas';
import { MAIL_LIMITS, mailboxKey, MailQuota } from './mail-quota';

describe('mailboxKey', () => {
  it.each([
    ['Name@Example.ORG', 'name@example.org'],
    ['name+tag@example.org', 'name@example.org'],
    ['NAME+a+b@example.org', 'name@example.org'],
    ['"odd@local"@example.org', '"odd@local"@example.org'],
  ])('%s is the mailbox %s', (address, key) => {
    expect(mailboxKey(address)).toBe(key);
  });
});

describe('MailQuota', () => {
  const store = new MemoryEphemeralStore();
  const quota = new MailQuota(new Quotas(store));
  afterAll(() => store.close());

  it('refuses the mail past a limit with 429 and Retry-After, and counts nothing for it', async () => {
    const request = { recipient: 'spec@example.org', ip: '192.0.2.1', account: 'spec' };
    for (let i = 0; i < MAIL_LIMITS.perRecipient; i += 1) await quota.reserve(request);
    await expect(quota.reserve(request)).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
    // The refusal gave back what it had taken at the address: the address still has its own room.
    for (let i = MAIL_LIMITS.perRecipient; i < MAIL_LIMITS.perAddress; i += 1) {
      await quota.reserve({ recipient: `r${i}@example.org`, ip: '192.0.2.1' });
    }
    await expect(quota.reserve({ recipient: 'last@example.org', ip: '192.0.2.1' })).rejects.toMatchObject({
      status: 429,
    });
  });
});
