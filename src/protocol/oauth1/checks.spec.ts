import { checkNonceSyntax, checkTimestamp, checkVersion, requireParameters } from './checks';
import { thrown } from './testing';

describe('checkVersion', () => {
  it.each([[{}], [{ oauth_version: '1.0' }]])('accepts %p', (oauth) => {
    expect(() => checkVersion(oauth)).not.toThrow();
  });

  // "1.0a" is MediaWiki OAuthServerTest's case; "" and "0" pass in MediaWiki (`!$version`).
  it.each([['1.0a'], ['1'], ['1.00'], ['2.0'], [''], ['0'], [' 1.0']])('refuses oauth_version=%p', (version) => {
    expect(thrown(() => checkVersion({ oauth_version: version }))).toMatchObject({
      key: 'mwoauth-oauth-unsupported-version',
      status: 400,
    });
  });
});

describe('requireParameters', () => {
  const names = ['oauth_consumer_key', 'oauth_token', 'oauth_nonce'];

  it('accepts a request that has them all', () => {
    expect(() =>
      requireParameters({ oauth_consumer_key: 'k', oauth_token: 't', oauth_nonce: 'n' }, names),
    ).not.toThrow();
  });

  it.each<[string, Record<string, string>, string]>([
    ['nothing', {}, 'oauth_consumer_key'],
    ['the second', { oauth_consumer_key: 'k' }, 'oauth_token'],
    ['an empty value', { oauth_consumer_key: 'k', oauth_token: '', oauth_nonce: 'n' }, 'oauth_token'],
    ['the last', { oauth_consumer_key: 'k', oauth_token: 't' }, 'oauth_nonce'],
    ['an inherited value', Object.create({ oauth_consumer_key: 'k' }), 'oauth_consumer_key'],
  ])('given %s, names %p as missing', (_, oauth, missing) => {
    const error = thrown(() => requireParameters(oauth, names));
    expect(error).toMatchObject({ key: 'missing_parameter', status: 400 });
    expect(names.filter((name) => error.message.includes(name))).toEqual([missing]);
  });
});

describe('checkTimestamp (RFC 5849 §3.3, MediaWiki ±300 s)', () => {
  const now = 1_700_000_000;

  it.each([[String(now)], [String(now - 300)], [String(now + 300)], ['0001700000000']])('accepts %p', (value) => {
    expect(() => checkTimestamp(value, now)).not.toThrow();
  });

  it.each([[String(now - 301)], [String(now + 301)], ['137131200'], ['1']])(
    'refuses %p with 401 timestamp_refused',
    (value) => {
      expect(thrown(() => checkTimestamp(value, now))).toMatchObject({ key: 'timestamp_refused', status: 401 });
    },
  );

  it.each([[undefined], ['']])('refuses the missing value %p with 400 missing_parameter', (value) => {
    expect(thrown(() => checkTimestamp(value, now))).toMatchObject({ key: 'missing_parameter', status: 400 });
  });

  it.each([
    ['1.7e9'],
    ['-5'],
    ['+1700000000'],
    [' 1700000000'],
    ['1700000000.0'],
    ['0x6553F100'],
    ['abc'],
    ['0'],
    ['1234567890123456'],
  ])('refuses %p with 400 invalid_parameter', (value) => {
    expect(thrown(() => checkTimestamp(value, now))).toMatchObject({ key: 'invalid_parameter', status: 400 });
  });

  it('uses the given window', () => {
    expect(() => checkTimestamp(String(now - 5), now, 5)).not.toThrow();
    expect(thrown(() => checkTimestamp(String(now - 6), now, 5))).toMatchObject({ key: 'timestamp_refused' });
    expect(() => checkTimestamp(String(now - 3600), now, 3600)).not.toThrow();
  });
});

describe('checkNonceSyntax', () => {
  it.each([['a'], ['x'.repeat(64)], ['wIjqoS'], ['!~'], ['4572616e48616d6d65724c61686176']])('accepts %p', (nonce) => {
    expect(() => checkNonceSyntax(nonce)).not.toThrow();
  });

  it.each([[undefined], ['']])('refuses the missing nonce %p with 400 missing_parameter', (nonce) => {
    expect(thrown(() => checkNonceSyntax(nonce))).toMatchObject({ key: 'missing_parameter', status: 400 });
  });

  it.each([['x'.repeat(65)], ['a b'], ['a\tb'], ['a\n'], ['é'], ['\u007f']])(
    'refuses %p with 400 invalid_parameter',
    (nonce) => {
      expect(thrown(() => checkNonceSyntax(nonce))).toMatchObject({ key: 'invalid_parameter', status: 400 });
    },
  );
});
