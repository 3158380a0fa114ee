import fc from 'fast-check';
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
  ])(
    'MediaWiki: %p for registered %p, requested %p (prefix %p)',
    (expected, registered, requested, isPrefix = true) => {
      const result = outcome(requested, registered, isPrefix);
      expect(result).toBe(expected ? true : isPrefix ? NOT_PREFIX : NOT_OOB);
    },
  );

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

describe('checkCallback and characters a URL may not hold', () => {
  const CONTROLS = [
    '\r\n',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009b',
    '\u2028',
    '\u2029',
    ' ',
    '\\',
  ];

  it.each(CONTROLS.map((c) => [JSON.stringify(c), c]))(
    "refuses %s anywhere in a prefix callback, with MediaWiki's key",
    (_name, c) => {
      for (const requested of [
        `https://host/cb${c}`,
        `https://host/cb${c}Set-Cookie: a=b`,
        `https://host/cb?x=${c}`,
        `https://host/cb#${c}`,
        `https://ho${c}st/cb`,
      ]) {
        expect(outcome(requested, 'https://host/cb', true)).toBe(NOT_PREFIX);
      }
      expect(outcome(`https://host/cb${c}`, 'https://host/cb', false)).toBe(NOT_OOB);
    },
  );

  it('still accepts percent-encoded forms of them, which are data', () => {
    expect(outcome('https://host/cb?x=%0D%0A%E2%80%A8', 'https://host/cb', true)).toBe(true);
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
    expect(
      appendToCallback('http://printer.example.com/ready', {
        oauth_token: 'hh5s93j4hdidpola',
        oauth_verifier: 'hfdp7dh39dks9884',
      }),
    ).toBe('http://printer.example.com/ready?oauth_token=hh5s93j4hdidpola&oauth_verifier=hfdp7dh39dks9884');
  });

  it('percent-encodes names and values', () => {
    expect(appendToCallback('https://app/cb', { oauth_verifier: 'a b/+&=#' })).toBe(
      'https://app/cb?oauth_verifier=a%20b%2F%2B%26%3D%23',
    );
  });

  it('leaves the URL alone when there is nothing to add', () => {
    expect(appendToCallback('https://app/cb?', {})).toBe('https://app/cb?');
  });
});

/*
 * Properties of the prefix rule (docs/mediawiki-compatibility.md#callbacks; no reference
 * implementation to run). The rule, read from callback.ts: scheme equal (an http registration also
 * admits https), host equal (ASCII case-insensitive), port equal unless the registered port is 1,
 * then the path and the query are plain string prefixes (a registered query pins the path exactly).
 * There is no boundary at the end of a path prefix ("/app" admits "/app2", as in MediaWiki), but
 * the host is compared whole, so "https://good.example" never admits
 * "https://good.example.evil.example".
 */
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,5}[a-z0-9])?$/);
const registeredCallback = fc
  .record({
    scheme: fc.constantFrom('https', 'http', 'myapp'),
    host: fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join('.')}.example`),
    port: fc.option(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 65535 })), { nil: undefined }),
    path: fc.option(fc.stringMatching(/^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,6}){1,3}$/), { nil: undefined }),
    query: fc.option(fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,8}$/), { nil: undefined }),
  })
  .map((r) => ({
    ...r,
    url:
      `${r.scheme}://${r.host}${r.port === undefined ? '' : `:${r.port}`}` +
      `${r.path ?? ''}${r.query === undefined ? '' : `?${r.query}`}`,
  }));
/** Pieces that move a browser to another origin if a matcher reads the URL differently. */
const trick = fc.constantFrom(
  '@evil.example',
  '.evil.example',
  ':8080',
  ':1',
  ':443',
  '\\',
  '\\@evil.example',
  '%2F',
  '%2e',
  '%40',
  '#',
  '?',
  '/',
  '..',
  '//evil.example',
  '/\\evil.example',
  '\t',
  '\n',
  'evil',
  ':@',
  '\uff0e',
  '\uff20',
  '%00',
  ' ',
  '&',
  '=',
  'A',
  'a',
  '0',
);
const tricks = fc
  .array(fc.oneof(trick, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''));

const accepted = (requested: string, registered: string) => outcome(requested, registered, true) === true;

describe('checkCallback properties', () => {
  it('accepts the registered callback itself, and anything it is a string prefix of, at its end', () => {
    fc.assert(
      fc.property(registeredCallback, fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,8}$/), (r, more) => {
        expect(accepted(r.url, r.url)).toBe(true);
        // With a query, more query; with a path, more path or any query; with neither, a path.
        const extended =
          r.query !== undefined ? `${r.url}${more}` : r.path !== undefined ? `${r.url}${more}` : `${r.url}/${more}`;
        expect({ extended, ok: accepted(extended, r.url) }).toEqual({ extended, ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a callback on another host, port or scheme, or with user info, as a browser reads it', () => {
    fc.assert(
      fc.property(registeredCallback, tricks, fc.nat(), fc.boolean(), (r, suffix, cut, truncate) => {
        // The registered URL, maybe cut short, with pieces appended.
        const requested = (truncate ? r.url.slice(0, cut % (r.url.length + 1)) : r.url) + suffix;
        if (!accepted(requested, r.url)) return;
        const want = new URL(r.url);
        const got = new URL(requested); // an accepted callback must be a URL a browser can follow
        expect({
          requested,
          registered: r.url,
          host: got.hostname,
          user: got.username,
          password: got.password,
        }).toEqual({
          requested,
          registered: r.url,
          host: want.hostname,
          user: '',
          password: '',
        });
        // RFC 6819 §5.2.3.5 and MediaWiki's rule: only the http → https upgrade changes the scheme.
        expect([want.protocol, ...(want.protocol === 'http:' ? ['https:'] : [])]).toContain(got.protocol);
        if (r.port !== 1 && got.protocol === want.protocol) expect(got.port).toBe(want.port);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every callback but "oob" when the consumer has no prefix rule', () => {
    fc.assert(
      fc.property(
        registeredCallback,
        fc.oneof(
          fc.string(),
          registeredCallback.map((r) => r.url),
          fc.constantFrom('OOB', 'oob ', ' oob', 'Oob'),
        ),
        (r, requested) => {
          fc.pre(requested !== 'oob');
          expect(outcome(requested, r.url, false)).toBe(NOT_OOB);
          expect(outcome(requested, requested, false)).toBe(NOT_OOB);
          expect(outcome('oob', r.url, false)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
