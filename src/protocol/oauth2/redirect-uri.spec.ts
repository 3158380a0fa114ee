import fc from 'fast-check';
import { appendQuery, redirectUriMatches } from './redirect-uri';

describe('redirectUriMatches', () => {
  it.each([
    // RFC 9700 §4.1.3: simple string comparison.
    ['https://app.example/cb', 'https://app.example/cb', true],
    ['https://app.example/cb?x=1', 'https://app.example/cb?x=1', true],
    ['com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect', true],
    ['https://app.example/cb/', 'https://app.example/cb', false],
    ['https://app.example/cb/evil', 'https://app.example/cb', false],
    ['https://app.example/cb?x=2', 'https://app.example/cb?x=1', false],
    ['https://app.example/cb', 'https://app.example/cb?x=1', false],
    ['https://APP.example/cb', 'https://app.example/cb', false],
    ['https://app.example:443/cb', 'https://app.example/cb', false],
    ['https://app.example/%63b', 'https://app.example/cb', false],
    ['http://app.example/cb', 'https://app.example/cb', false],
    ['https://app.example.evil/cb', 'https://app.example/cb', false],
    ['https://app.example:8443/cb', 'https://app.example:9443/cb', false],
    // RFC 8252 §7.3: loopback IP literals, any port.
    ['http://127.0.0.1:51004/cb', 'http://127.0.0.1:3000/cb', true],
    ['http://127.0.0.1:51004/cb', 'http://127.0.0.1/cb', true],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:3000/cb', true],
    ['http://127.0.0.1:65535', 'http://127.0.0.1', true],
    ['http://127.0.0.1:1?x=1', 'http://127.0.0.1?x=1', true],
    ['http://[::1]:51004/cb', 'http://[::1]:3000/cb', true],
    ['http://[::1]:51004/cb', 'http://[::1]/cb', true],
    ['http://127.0.0.1:51004/other', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:51004/cb?x=1', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:51004/', 'http://127.0.0.1', false],
    ['http://[::1]:51004/cb', 'http://127.0.0.1:51004/cb', false],
    ['https://127.0.0.1:51004/cb', 'https://127.0.0.1:3000/cb', false],
    ['http://127.0.0.2:51004/cb', 'http://127.0.0.2:3000/cb', false],
    ['http://127.0.0.1:65536/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:0/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:8080.evil.example/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1@evil.example/cb', 'http://127.0.0.1/cb', false],
    // RFC 8252 §8.3: localhost gets no port exception (league neither).
    ['http://localhost:51004/cb', 'http://localhost:3000/cb', false],
    ['http://localhost:3000/cb', 'http://localhost:3000/cb', true],
    // RFC 6749 §3.1.2: no fragment; no credentials in a redirect target, even if registered.
    ['https://app.example/cb#x', 'https://app.example/cb#x', false],
    ['https://app.example/cb#', 'https://app.example/cb#', false],
    ['http://127.0.0.1:5000/cb#x', 'http://127.0.0.1/cb#x', false],
    ['https://user:pw@app.example/cb', 'https://user:pw@app.example/cb', false],
    ['https://user@app.example/cb', 'https://user@app.example/cb', false],
    ['https://@app.example/cb', 'https://@app.example/cb', false],
    // WHATWG URL reads this as https://user@app.example/cb.
    ['https:user@app.example/cb', 'https:user@app.example/cb', false],
    ['not a uri', 'not a uri', false],
    ['', '', false],
  ])('%p against registered %p → %p', (requested, registered, expected) => {
    expect(redirectUriMatches(requested, registered)).toBe(expected);
  });
});

describe('redirectUriMatches and control characters', () => {
  it.each(['\r\n', '\t', '\u0000', '\u007f', '\u0085', '\u2028', '\u2029'].map((c) => [JSON.stringify(c), c]))(
    'refuses %s even when a registration made before the rule holds it',
    (_name, c) => {
      const uri = `https://app.example/cb${c}x`;
      expect(redirectUriMatches(uri, uri)).toBe(false);
      expect(redirectUriMatches(`http://127.0.0.1:8080/cb${c}`, `http://127.0.0.1/cb${c}`)).toBe(false);
    },
  );
});

describe('appendQuery', () => {
  it.each([
    ['https://a.example/cb', { code: 'x', state: 's' }, 'https://a.example/cb?code=x&state=s'],
    // RFC 6749 §3.1.2: the registered query is retained.
    ['https://a.example/cb?foo=bar', { code: 'x' }, 'https://a.example/cb?foo=bar&code=x'],
    ['https://a.example/cb?q=a%20b&r=~', { code: 'x' }, 'https://a.example/cb?q=a%20b&r=~&code=x'],
    ['https://a.example/cb', { code: 'x', state: undefined }, 'https://a.example/cb?code=x'],
    ['https://a.example/cb?state=keep', { code: 'x', state: undefined }, 'https://a.example/cb?state=keep&code=x'],
    ['https://a.example/cb?foo=1', { state: undefined }, 'https://a.example/cb?foo=1'],
    ['https://a.example/cb', {}, 'https://a.example/cb'],
    ['https://a.example/cb', { state: 'a b&c=d/é' }, 'https://a.example/cb?state=a+b%26c%3Dd%2F%C3%A9'],
    // RFC 6749 §3.1: a response parameter appears once, so the response value wins.
    ['https://a.example/cb?state=old&foo=1', { state: 'new' }, 'https://a.example/cb?foo=1&state=new'],
    ['https://a.example/cb?st%61te=old', { state: 'new' }, 'https://a.example/cb?state=new'],
    ['https://a.example/cb?', { code: 'x' }, 'https://a.example/cb?code=x'],
    ['https://a.example/cb?foo=1&', { code: 'x' }, 'https://a.example/cb?foo=1&code=x'],
    ['https://a.example/cb#frag', { code: 'x' }, 'https://a.example/cb?code=x#frag'],
    ['https://a.example/cb?foo=1#frag', { code: 'x' }, 'https://a.example/cb?foo=1&code=x#frag'],
    ['com.example.app:/oauth2redirect', { code: 'x' }, 'com.example.app:/oauth2redirect?code=x'],
    [
      'http://127.0.0.1:51004/cb',
      { error: 'access_denied', error_description: 'The user said no' },
      'http://127.0.0.1:51004/cb?error=access_denied&error_description=The+user+said+no',
    ],
  ])('%p + %p → %p', (uri, params, expected) => {
    expect(appendQuery(uri, params)).toBe(expected);
  });
});

/*
 * Properties of the matcher (no reference implementation exists). docs/security.md promises
 * RFC 9700 §4.1.3 "exact string match; only the port of http://127.0.0.1/[::1] may differ"
 * (RFC 8252 §7.3), no fragment and no user information (RFC 6749 §3.1.2).
 */
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/);
const pathPart = fc.stringMatching(/^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,8}){0,3}$/);
const queryPart = fc.option(fc.stringMatching(/^\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,10}$/), { nil: '' });
/** Registered URIs a developer would use: https (or http) on a name, any port, path, query. */
const webUri = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    pathPart,
    queryPart,
  )
  .map(
    ([scheme, labels, port, path, query]) =>
      `${scheme}://${labels.join('.')}.example${port === undefined ? '' : `:${port}`}${path}${query}`,
  );
/** RFC 8252 §7.3 loopback redirect URIs, with or without a port. */
const loopbackUri = fc
  .tuple(
    fc.constantFrom('127.0.0.1', '[::1]'),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    pathPart,
    queryPart,
  )
  .map(([host, port, path, query]) => `http://${host}${port === undefined ? '' : `:${port}`}${path}${query}`);
const anyUri = fc.oneof(
  webUri,
  loopbackUri,
  fc.constantFrom('com.example.app:/oauth2redirect', 'http://localhost:3000/cb'),
);

/** One character inserted, removed or replaced: the near-misses an attacker registers or types. */
const EDIT_CHARS = [...'/.:@#?%&=\\ aAzZ09-_~', '\t', 'é'];
const edited = (uri: string) =>
  fc
    .tuple(fc.nat(uri.length), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...EDIT_CHARS))
    .map(([at, op, c]) =>
      op === 'insert'
        ? uri.slice(0, at) + c + uri.slice(at)
        : uri.slice(0, at) + (op === 'replace' ? c : '') + uri.slice(at + 1),
    );
/** The loopback exception: the same URI but for the port digits. */
const LOOPBACK_PARTS = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::\d*)?([/?].*)?$/s;
function differsOnlyInLoopbackPort(requested: string, registered: string): boolean {
  const a = LOOPBACK_PARTS.exec(requested);
  const b = LOOPBACK_PARTS.exec(registered);
  return !!a && !!b && a[1] === b[1] && (a[2] ?? '') === (b[2] ?? '');
}

describe('redirectUriMatches properties', () => {
  const runs = { numRuns: 300 };

  it('accepts every registered URI (without fragment or user information) for itself', () => {
    fc.assert(
      fc.property(anyUri, (uri) => expect(redirectUriMatches(uri, uri)).toBe(true)),
      runs,
    );
  });

  it('refuses any one-character change, except to the port of a loopback IP literal (RFC 8252 §7.3)', () => {
    fc.assert(
      fc.property(
        anyUri.chain((uri) => fc.tuple(fc.constant(uri), edited(uri))),
        ([registered, requested]) => {
          fc.pre(requested !== registered);
          if (redirectUriMatches(requested, registered)) {
            expect({
              requested,
              registered,
              loopbackPortOnly: differsOnlyInLoopbackPort(requested, registered),
            }).toEqual({
              requested,
              registered,
              loopbackPortOnly: true,
            });
            expect(requested).not.toContain('#');
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses an added suffix (path segment, query, fragment) or a truncation, except loopback ports', () => {
    const suffix = fc.oneof(
      fc.constantFrom('/', '/x', '?', '?x=1', '&x=1', '#', '#x', '.evil.example', '@evil.example', '%2F', '/..'),
      fc.string({ minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(anyUri, suffix, fc.nat(), (registered, s, cut) => {
        const longer = registered + s;
        const shorter = registered.slice(0, cut % registered.length);
        for (const requested of [longer, shorter]) {
          if (redirectUriMatches(requested, registered))
            expect(differsOnlyInLoopbackPort(requested, registered)).toBe(true);
        }
        // Adding or removing a whole query is never a port change.
        expect(
          redirectUriMatches(registered.includes('?') ? registered.split('?')[0] : `${registered}?a=1`, registered),
        ).toBe(false);
      }),
      runs,
    );
  });

  it('refuses a case change anywhere, a percent-encoded letter, an explicit default port', () => {
    fc.assert(
      fc.property(webUri, fc.nat(), (registered, at) => {
        const letters = [...registered.matchAll(/[a-z]/gi)].map((m) => m.index);
        fc.pre(letters.length > 0);
        const i = letters[at % letters.length];
        const c = registered[i];
        const flipped =
          registered.slice(0, i) +
          (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) +
          registered.slice(i + 1);
        const encoded =
          registered.slice(0, i) + `%${c.charCodeAt(0).toString(16).toUpperCase()}` + registered.slice(i + 1);
        expect(redirectUriMatches(flipped, registered)).toBe(false); // RFC 3986 §6.2.1: simple string comparison
        expect(redirectUriMatches(encoded, registered)).toBe(false);
        const withDefaultPort = registered.replace(
          /^(https?):\/\/([^/?:]+)(?=[/?]|$)/,
          (_, s: string, h: string) => `${s}://${h}:${s === 'https' ? 443 : 80}`,
        );
        if (withDefaultPort !== registered) expect(redirectUriMatches(withDefaultPort, registered)).toBe(false);
      }),
      runs,
    );
  });

  it('never accepts user information, even naming the registered host (https://good.example@evil.example/)', () => {
    fc.assert(
      fc.property(webUri, label, (registered, evil) => {
        const host = registered.replace(/^https?:\/\//, '').split(/[/?]/)[0];
        const rest = registered.slice(registered.indexOf(host) + host.length);
        const scheme = registered.split(':')[0];
        for (const requested of [
          `${scheme}://${host}@${evil}.evil${rest}`,
          `${scheme}://${evil}@${host}${rest}`,
          `${scheme}://${host}:@${host}${rest}`,
        ]) {
          expect(redirectUriMatches(requested, registered)).toBe(false);
          expect(redirectUriMatches(requested, requested)).toBe(false);
        }
      }),
      runs,
    );
  });

  it('never accepts a fragment, even a registered one (RFC 6749 §3.1.2)', () => {
    fc.assert(
      fc.property(anyUri, fc.stringMatching(/^[A-Za-z0-9/?=&]{0,6}$/), (uri, fragment) => {
        expect(redirectUriMatches(`${uri}#${fragment}`, uri)).toBe(false);
        expect(redirectUriMatches(`${uri}#${fragment}`, `${uri}#${fragment}`)).toBe(false);
      }),
      runs,
    );
  });

  it('lets loopback IP literals use any port 1-65535 or none, same host, path and query (RFC 8252 §7.3)', () => {
    fc.assert(
      fc.property(
        loopbackUri,
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        (registered, port) => {
          const requested = registered.replace(
            /^(http:\/\/(?:127\.0\.0\.1|\[::1\]))(?::\d+)?/,
            `$1${port === undefined ? '' : `:${port}`}`,
          );
          expect(redirectUriMatches(requested, registered)).toBe(true);
          // ...but only that host: the other loopback literal, https, or a port out of range do not match.
          const otherHost = requested.includes('[::1]')
            ? requested.replace('[::1]', '127.0.0.1')
            : requested.replace('127.0.0.1', '[::1]');
          expect(redirectUriMatches(otherHost, registered)).toBe(false);
          expect(redirectUriMatches(requested.replace(/^http:/, 'https:'), registered)).toBe(false);
          const outOfRange = registered.replace(/^(http:\/\/(?:127\.0\.0\.1|\[::1\]))(?::\d+)?/, '$1:65536');
          expect(redirectUriMatches(outOfRange, registered)).toBe(false);
        },
      ),
      runs,
    );
  });

  it('gives localhost and other names no port exception (RFC 8252 §8.3)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('localhost', 'LOCALHOST', '127.0.0.2', '[::2]', '127.1', '0.0.0.0', 'app.example'),
        fc.integer({ min: 1, max: 65535 }),
        fc.integer({ min: 1, max: 65535 }),
        pathPart,
        (host, a, b, path) => {
          fc.pre(a !== b);
          expect(redirectUriMatches(`http://${host}:${a}${path}`, `http://${host}:${b}${path}`)).toBe(false);
          expect(redirectUriMatches(`http://${host}:${a}${path}`, `http://${host}${path}`)).toBe(false);
        },
      ),
      runs,
    );
  });
});
