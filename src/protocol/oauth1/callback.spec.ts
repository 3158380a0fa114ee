import { appendToCallback, callbackTarget, checkCallback } from './callback';
import { OAuth1ProtocolError } from './errors';

function outcome(requested: string, registered: string, isPrefix: boolean): true | string {
  try {
    checkCallback(requested, registered, isPrefix);
    return true;
  } catch (error) {
    if (error instanceof OAuth1ProtocolError && error.status === 400) return error.key;
    throw error;
  }
}

const NOT_OOB = 'mwoauth-callback-not-oob';
const NOT_PREFIX = 'mwoauth-callback-not-oob-or-prefix';

describe('checkCallback', () => {
  // MediaWiki MWOAuthServerTest::provideCheckCallback, every row:
  // [ expect, registeredUrl, got, isPrefix = true ].
  it.each<[boolean, string, string, boolean?]>([
    [true, '', 'oob', false],
    [false, 'https://host', 'https://host', false],
    [true, 'https://host', 'oob'],

    [true, 'https://host', 'https://host'],
    [true, 'http://host', 'https://host'],
    [true, 'https://host:1234', 'https://host:1234'],
    [true, 'http://host:1234', 'https://host:1234'],
    [true, 'https://host:1', 'https://host:1234'],
    [true, 'https://host:1', 'https://host'],
    [true, 'https://host', 'https://host/path?query'],
    [true, 'http://host', 'https://host/path?query'],
    [true, 'https://host/path', 'https://host/path?query'],
    [true, 'https://host/path?query', 'https://host/path?query'],
    [true, 'https://host/path', 'https://host/path/dir2'],
    [true, 'https://host/path?query', 'https://host/path?query&more'],

    [false, 'https://host/', 'https://host'],
    [false, 'https://host', 'https://host:1234'],
    [false, 'https://host:4321', 'https://host:1234'],
    [false, 'https://host:80', 'https://host:8099'],
    [false, 'https://host', 'https://host:1'],
    [false, 'https://host/path', 'https://host:1234/path'],
    [false, 'https://host/path?query', 'https://host/path'],
    [false, 'https://host:8000', 'https://host:8000@evil.com'],
    [false, 'https://host', 'https://hosting'],
  ])('MediaWiki: %p for registered %p, requested %p (prefix %p)', (expected, registered, requested, isPrefix = true) => {
    const result = outcome(requested, registered, isPrefix);
    expect(result).toBe(expected ? true : isPrefix ? NOT_PREFIX : NOT_OOB);
  });

  it.each<[string, string, string, boolean, true | string]>([
    ['"oob" is case-sensitive (RFC 5849 §2.1)', 'https://host', 'OOB', false, NOT_OOB],
    ['"OOB" is not a URL either', 'https://host', 'OOB', true, NOT_PREFIX],
    ['an empty callback', 'https://host', '', true, NOT_PREFIX],
    ['an empty callback without prefix', 'https://host', '', false, NOT_OOB],
    ['no https → http downgrade', 'https://host', 'http://host', true, NOT_PREFIX],
    ['a custom scheme', 'myapp://callback', 'myapp://callback/done?x=1', true, true],
    ['another custom scheme', 'myapp://callback', 'otherapp://callback', true, NOT_PREFIX],
    ['scheme and host in any case', 'https://Host/Path', 'HTTPS://host/Path/x', true, true],
    ['a path in another case', 'https://host/Path', 'https://host/path', true, NOT_PREFIX],
    ['a user name', 'https://host', 'https://user@host/', true, NOT_PREFIX],
    ['a user name, even one registered', 'https://me@host', 'https://me@host/cb', true, NOT_PREFIX],
    // PHP parse_url reads host "host"; browsers treat "\" as "/" and go to evil.com.
    ['a backslash before credentials', 'https://host', 'https://evil.com\\@host', true, NOT_PREFIX],
    ['a string prefix of the path (MediaWiki behaviour)', 'https://host/path', 'https://host/pathological', true, true],
    ['a string prefix of the query (MediaWiki behaviour)', 'https://host/p?query', 'https://host/p?queryX', true, true],
    ['an empty registered query pins the path', 'https://host/p?', 'https://host/p/x?a=1', true, NOT_PREFIX],
    ['a fragment', 'https://host/cb', 'https://host/cb#frag', true, true],
    ['not a URL', 'https://host', 'not a url', true, NOT_PREFIX],
    ['a protocol-relative URL', 'https://host', '//host/x', true, NOT_PREFIX],
    ['a port out of range', 'https://host:1', 'https://host:70000', true, NOT_PREFIX],
    ['an IPv6 host with the any-port wildcard', 'http://[::1]:1/', 'http://[::1]:8080/cb', true, true],
    ['an unusable registered URL', '', 'https://host', true, NOT_PREFIX],
  ])('%s', (_, registered, requested, isPrefix, expected) => {
    expect(outcome(requested, registered, isPrefix)).toBe(expected);
  });
});

describe('callbackTarget', () => {
  it.each([
    ['oob', 'https://app/registered', 'https://app/registered'],
    ['https://app/registered/step2?x=1', 'https://app/registered', 'https://app/registered/step2?x=1'],
  ])('sends %p to %p', (requested, registered, expected) => {
    expect(callbackTarget(requested, registered)).toBe(expected);
  });
});

describe('appendToCallback', () => {
  const params = { oauth_verifier: 'v', oauth_token: 't' };

  it.each([
    ['https://app/cb', 'https://app/cb?oauth_verifier=v&oauth_token=t'],
    ['https://app/cb?x=1', 'https://app/cb?x=1&oauth_verifier=v&oauth_token=t'],
    ['https://app/cb?x=1#frag', 'https://app/cb?x=1&oauth_verifier=v&oauth_token=t#frag'],
    ['https://app/cb#frag?not=query', 'https://app/cb?oauth_verifier=v&oauth_token=t#frag?not=query'],
    ['https://app/cb?', 'https://app/cb?oauth_verifier=v&oauth_token=t'],
    ['https://app/cb?x=1&', 'https://app/cb?x=1&oauth_verifier=v&oauth_token=t'],
  ])('extends %p to %p', (url, expected) => {
    expect(appendToCallback(url, params)).toBe(expected);
  });

  it('gives the RFC 5849 §1.2 redirect', () => {
    expect(appendToCallback('http://printer.example.com/ready', { oauth_token: 'hh5s93j4hdidpola', oauth_verifier: 'hfdp7dh39dks9884' }))
      .toBe('http://printer.example.com/ready?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884');
  });

  it('percent-encodes names and values', () => {
    expect(appendToCallback('https://app/cb', { oauth_verifier: 'a b/+&=#' })).toBe('https://app/cb?oauth_verifier=a%20b%2F%2B%26%3D%23');
  });

  it('leaves the URL alone when there is nothing to add', () => {
    expect(appendToCallback('https://app/cb?', {})).toBe('https://app/cb?');
  });
});
