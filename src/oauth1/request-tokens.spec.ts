import { AppConfig } from '../common/config/app-config.service';
import { ServerKeys } from '../common/crypto/server-keys';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { MemoryEphemeralStore } from '../ephemeral/memory-store';
import { RequestTokens } from './request-tokens';

describe('RequestTokens', () => {
  const keys = new ServerKeys({ secretKey: 'request-tokens-spec-secret-0123456789abcdef' } as AppConfig);
  const store = new MemoryEphemeralStore();
  const tokens = new RequestTokens(store, keys, new ConsumerSecrets(keys));
  const consumerKey = 'c'.repeat(32);

  it('finds what it issued', async () => {
    const { token } = await tokens.issue(consumerKey, 'https://app.example.org/cb/x');
    expect(await tokens.find(token)).toEqual({ consumerKey, callback: 'https://app.example.org/cb/x' });
  });

  it('treats as gone a token whose callback holds control characters (from before initiate refused them)', async () => {
    for (const callback of [
      'https://app.example.org/cb\r\nSet-Cookie: a=b',
      'https://app.example.org/cb\u2028',
      'https://app.example.org/cb\u0085',
    ]) {
      const { token } = await tokens.issue(consumerKey, callback);
      expect(await tokens.find(token)).toBeNull();
    }
    const { token } = await tokens.issue(consumerKey, 'oob');
    expect(await tokens.find(token)).toEqual({ consumerKey, callback: 'oob' });
  });
});
