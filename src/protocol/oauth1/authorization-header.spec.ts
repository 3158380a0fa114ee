import fc from 'fast-check';
import {
  OAUTH_NAMES,
  oauthParams,
  realm,
  rfc5849Encode,
  text,
  utf8Escape,
} from '../../../test/reference/oauth1-arbitraries';
import { describeIfPython, ReferenceBatch } from '../../../test/reference/reference-batch';
import {
  buildAuthorizationHeader,
  hasOAuthScheme,
  oauthChallenge,
  parseAuthorizationHeader,
} from './authorization-header';
import { OAuth1ProtocolError } from './errors';
import { thrown } from './testing';

// RFC 5849 §3.5.1 example.
const RFC_HEADER =
  'OAuth realm="Example",\n   oauth_consumer_key="0685bd9184jfhq22",\n   oauth_token="ad180jjd733klru7",\n' +
  '   oauth_signature_method="HMAC-SHA1",\n   oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",\n' +
  '   oauth_timestamp="137131200",\n   oauth_nonce="4572616e48616d6d65724c61686176",\n   oauth_version="1.0"';

describe('parseAuthorizationHeader', () => {
  it('reads the RFC 5849 §3.5.1 example, folded over several lines, without the realm', () => {
    expect(parseAuthorizationHeader(RFC_HEADER)).toEqual({
      oauth_consumer_key: '0685bd9184jfhq22',
      oauth_token: 'ad180jjd733klru7',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_signature: 'wOJIO9A2W5mFwDgiDvZbTSMK/PY=',
      oauth_timestamp: '137131200',
      oauth_nonce: '4572616e48616d6d65724c61686176',
      oauth_version: '1.0',
    });
  });

  it.each([
    // The scheme is case-insensitive (RFC 7235 §2.1); MediaWiki only knows "OAuth ".
    ['oauth oauth_token="t"', { oauth_token: 't' }],
    ['OAUTH\toauth_token="t"', { oauth_token: 't' }],
    ['OAuth', {}],
    ['OAuth oauth_a="1",oauth_b="2"', { oauth_a: '1', oauth_b: '2' }],
    ['OAuth oauth_a = "1" ,  oauth_b="2"', { oauth_a: '1', oauth_b: '2' }],
    // Bare values, as MediaWiki's split_header accepts.
    ['OAuth oauth_token=abc, oauth_nonce=x%2By', { oauth_token: 'abc', oauth_nonce: 'x+y' }],
    ['OAuth oauth_token="", oauth_verifier=', { oauth_token: '', oauth_verifier: '' }],
    // Empty list elements (RFC 7230 §7).
    ['OAuth , oauth_a="1",, oauth_b="2",', { oauth_a: '1', oauth_b: '2' }],
    // "+" is a plus sign in a header value (§3.6), unlike in a form body.
    ['OAuth oauth_signature="a+b%2Bc%3D"', { oauth_signature: 'a+b+c=' }],
    ['OAuth oauth_a="x\\"y\\\\z"', { oauth_a: 'x"y\\z' }], // quoted-pair
    ['OAuth oauth_a="%C3%A9%20%F0%9F%98%80"', { oauth_a: 'é 😀' }],
    ['OAuth oauth%5Ftoken="t"', { oauth_token: 't' }], // names are percent-decoded too
    // Only oauth_* names are kept (§3.4.1.3.1 drops realm; names are case-sensitive).
    ['OAuth realm="r", foo="bar", OAUTH_TOKEN="x", Realm="y", oauth_token="t"', { oauth_token: 't' }],
    ['OAuth realm="a", realm="b", oauth_token="t"', { oauth_token: 't' }],
  ])('parses %p', (header, expected) => {
    expect(parseAuthorizationHeader(header)).toEqual(expected);
  });

  it.each([['Bearer abc'], ['Basic Zm9vOmJhcg=='], ['OAuthx oauth_token="t"'], ['OAuth2 abc'], ['']])(
    'returns undefined for the non-OAuth header %p',
    (header) => {
      expect(parseAuthorizationHeader(header)).toBeUndefined();
    },
  );

  it.each([
    ['OAuth oauth_token="t" oauth_nonce="n"', 'invalid_authorization_header'], // missing comma
    ['OAuth oauth_token="unterminated', 'invalid_authorization_header'],
    ['OAuth oauth_token', 'invalid_authorization_header'],
    ['OAuth ="x"', 'invalid_authorization_header'],
    ['OAuth oauth_token="a"b', 'invalid_authorization_header'],
    ['OAuth oauth_token=a b', 'invalid_authorization_header'],
    ['OAuth oauth_token="a", oauth_token="a"', 'duplicate_parameter'],
    ['OAuth oauth_token="a", oauth%5Ftoken="b"', 'duplicate_parameter'],
    ['OAuth oauth_token="%zz"', 'invalid_encoding'],
  ])('refuses %p with 400 %p', (header, key) => {
    expect(thrown(() => parseAuthorizationHeader(header))).toMatchObject({ key, status: 400 });
  });
});

describe('buildAuthorizationHeader', () => {
  it.each([
    [{}, undefined, 'OAuth'],
    [{}, 'http://server.example.com/', 'OAuth realm="http://server.example.com/"'], // §3.5.1 WWW-Authenticate
    [{ oauth_token: 'a b', oauth_nonce: 'x/y' }, undefined, 'OAuth oauth_token="a%20b", oauth_nonce="x%2Fy"'],
    [{ oauth_consumer_key: 'k' }, 'Photos', 'OAuth realm="Photos", oauth_consumer_key="k"'],
    [{}, 'Say "hi" \\', 'OAuth realm="Say \\"hi\\" \\\\"'],
  ])('builds %p with realm %p as %p', (params, realm, expected) => {
    expect(buildAuthorizationHeader(params, realm)).toBe(expected);
  });

  it.each([['a\r\nSet-Cookie: x=y'], ['a\u0000']])('refuses the realm %p, which cannot be a quoted-string', (realm) => {
    expect(() => buildAuthorizationHeader({}, realm)).toThrow(TypeError);
  });

  it('round-trips through parseAuthorizationHeader', () => {
    const params = { oauth_signature: 'a+b/c=', oauth_callback: 'https://app/cb?x=1&y=é', oauth_nonce: '"\\,' };
    expect(parseAuthorizationHeader(buildAuthorizationHeader(params, 'R "x"'))).toEqual(params);
  });
});

describe('oauthChallenge (RFC 5849 §3.5.1)', () => {
  it.each([
    // The §3.5.1 example.
    ['http://server.example.com/', 'OAuth realm="http://server.example.com/"'],
    ['https://wiki.example.org', 'OAuth realm="https://wiki.example.org"'],
    ['My "wiki" \\', 'OAuth realm="My \\"wiki\\" \\\\"'],
  ])('%p → %p', (realm, expected) => {
    expect(oauthChallenge(realm)).toBe(expected);
  });

  it('refuses a realm that would leave the header', () => {
    expect(() => oauthChallenge('a\r\nSet-Cookie: x=y')).toThrow(TypeError);
  });
});

describe('hasOAuthScheme', () => {
  it.each([
    [RFC_HEADER, true],
    ['OAuth', true],
    ['oauth oauth_token="t"', true],
    ['OAUTH\toauth_token="t"', true],
    ['OAuthx oauth_token="t"', false],
    ['OAuth2 abc', false],
    ['Bearer abc', false],
    [' OAuth oauth_token="t"', false], // parseAuthorizationHeader does not read it either
    ['', false],
  ])('%p → %p', (header, expected) => {
    expect(hasOAuthScheme(header)).toBe(expected);
    expect(parseAuthorizationHeader(header) !== undefined).toBe(expected);
  });
});

/*
 * Properties, and a comparison with python3-oauthlib (prepare_headers and
 * parse_authorization_header, what requests-oauthlib clients send and what an oauthlib server
 * reads), all through one Python process: test/reference/oauthlib_header.py.
 *
 * Where oauthlib is stricter than RFC 7235 §2.1 / RFC 7230 §7, the compared headers avoid it
 * (we accept these, as the unit tests above show): empty list elements (`, ,`), whitespace
 * around "=" (BWS), a tab after the scheme, an empty bare value (`oauth_token=`), and a bare
 * "OAuth" with no parameter. Where we are stricter, too: a repeated oauth_* name (oauthlib
 * keeps the last, we answer 400 per RFC 5849 §3.1) and percent-encoded names (§3.5.1 encodes
 * names; oauthlib does not decode them, we do). Values that are not UTF-8 once decoded are
 * refused by us (400) and read as U+FFFD by oauthlib, so only UTF-8 is generated.
 */

type Pairs = Array<[string, string]>;
const asRecord = (pairs: Pairs): Record<string, string> => Object.fromEntries(pairs);
const oauthOnly = (pairs: Pairs): Record<string, string> =>
  asRecord(pairs.filter(([name]) => name.startsWith('oauth_')));

/** Any realm `buildAuthorizationHeader` accepts: a quoted-string's qdtext or quoted-pair (RFC 7230 §3.2.6). */
const anyRealm = fc.option(fc.stringMatching(/^[\t -~\u0080-\u00ff日]{0,12}$/), { nil: undefined });

/** A value written as a client may: §3.6-encoded (either hex case), some characters raw, some as quoted-pairs. */
const writtenValue = fc.tuple(text(10), fc.array(fc.nat(4), { minLength: 10, maxLength: 10 })).map(([value, choices]) =>
  [...value]
    .map((c, i) => {
      const choice = choices[i % choices.length];
      if (/^[\x20-\x7e]$/.test(c) && !/["\\%]/.test(c) && choice === 0) return c; // raw: both read it as itself
      if (/^[A-Za-z0-9~._"\\-]$/.test(c) && choice === 1) return `\\${c}`; // quoted-pair (RFC 7230 §3.2.6)
      return choice === 2 ? utf8Escape(c, true) : rfc5849Encode(c);
    })
    .join(''),
);
/** A bare (token-like) value as MediaWiki and oauthlib accept it: no quote, comma or space, never empty. */
const bareValue = fc
  .array(
    fc.oneof(
      fc.constantFrom(..."aZ09-._~!#$&'*+^`|/=".split('')),
      text(1)
        .filter((c) => c !== '')
        .map((c) => utf8Escape(c)),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));
const extensionParam = fc
  .tuple(fc.constantFrom('realm', 'Realm', 'foo', 'OAUTH_TOKEN', 'oauthx'), fc.stringMatching(/^[ !#-[\]-~]{0,8}$/))
  .map(([name, value]) => `${name}="${value}"`);
/** oauth_* parameters (each name once) and extension auth-params, in any order. */
const wellFormedHeader = fc
  .tuple(
    fc.constantFrom('OAuth', 'oauth', 'OAUTH'),
    fc.constantFrom(' ', '  '),
    fc.uniqueArray(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(
              fc.constantFrom(...OAUTH_NAMES),
              fc.oneof(
                writtenValue.map((v) => `"${v}"`),
                bareValue,
              ),
            )
            .map(([n, v]) => ({ key: n, param: `${n}=${v}` })),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(extensionParam, fc.nat()).map(([param, id]) => ({ key: `${param}${id}`, param })),
        },
      ),
      { selector: ({ key }) => key, maxLength: 7 },
    ),
    fc.constantFrom(',', ', ', ' ,', ' , ', ',\t', ',\r\n '),
  )
  .map(([scheme, space, params, separator]) => `${scheme}${space}${params.map(({ param }) => param).join(separator)}`)
  .filter((header) => !/^oauth +$/i.test(header));

interface PrepareInput {
  params: Pairs;
  realm?: string;
}

const reference = new ReferenceBatch('oauthlib_header.py');
const prepared = reference.property<PrepareInput, { header: string }>(
  'prepare',
  fc.record({ params: oauthParams, realm }),
  200,
);
const builtByUs = reference.property<
  { header: string; params: Pairs; realm?: string },
  { params?: Pairs; error?: string }
>(
  'parse',
  fc
    .record({ params: oauthParams, realm: anyRealm })
    .filter(({ params, realm: r }) => params.length > 0 || r !== undefined)
    .map(({ params, realm: r }) => ({ header: buildAuthorizationHeader(asRecord(params), r), params, realm: r })),
  200,
);
const wellFormed = reference.property<{ header: string }, { params?: Pairs; error?: string }>(
  'parse',
  wellFormedHeader.map((header) => ({ header })),
  300,
);

describe('Authorization header properties (RFC 5849 §3.5.1)', () => {
  it('round-trips any protocol parameters and realm through buildAuthorizationHeader', () => {
    fc.assert(
      fc.property(oauthParams, anyRealm, (params, r) => {
        expect(parseAuthorizationHeader(buildAuthorizationHeader(asRecord(params), r))).toEqual(asRecord(params));
      }),
      { numRuns: 300 },
    );
  });

  // Arbitrary input must end as "not ours" (undefined), parameters, or a 400: never a
  // TypeError or a RangeError that would turn into a 500.
  const soup = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'OAuth ',
          'oauth_token',
          'oauth_',
          'realm',
          '=',
          '"',
          '\\',
          ',',
          ' ',
          '\t',
          '\r\n',
          '%',
          '%zz',
          '%C3',
          '%C3%A9',
          '%ED%A0%80',
          '\ud800',
          'é',
          '__proto__',
          'constructor',
        ),
        fc.string({ maxLength: 3 }),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));
  it.each([
    ['any string', fc.string({ unit: 'binary', maxLength: 60 })],
    ['"OAuth " and any string', fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `OAuth ${s}`)],
    ['"OAuth " and header-like pieces', soup.map((s) => `OAuth ${s}`)],
  ])('reads %s as nothing, oauth_* strings, or an OAuth1ProtocolError of status 400', (_, input) => {
    fc.assert(
      fc.property(input, (header) => {
        let result: Record<string, string> | undefined;
        try {
          result = parseAuthorizationHeader(header);
        } catch (error) {
          expect(error).toBeInstanceOf(OAuth1ProtocolError);
          expect((error as OAuth1ProtocolError).status).toBe(400);
          return;
        }
        if (result === undefined) return;
        expect(Object.getPrototypeOf(result)).toBeNull();
        for (const [name, value] of Object.entries(result)) {
          expect(name.startsWith('oauth_') && typeof value === 'string').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describeIfPython('oauthlib')('Authorization header against python3-oauthlib', () => {
  beforeAll(() => reference.run());

  it('reads back what oauthlib prepare_headers writes, and writes the same header for the same parameters', () => {
    prepared.check(({ params, realm: r }, theirs) => {
      expect(parseAuthorizationHeader(theirs.header)).toEqual(asRecord(params));
      // oauthlib leaves out an empty realm and writes "OAuth realm=..., " with no parameters.
      if (params.length > 0) expect(buildAuthorizationHeader(asRecord(params), r || undefined)).toBe(theirs.header);
    });
  });

  it('writes headers that oauthlib parse_authorization_header reads as the same parameters and realm', () => {
    builtByUs.check(({ header, params, realm: r }, theirs) => {
      expect({ header, read: theirs.params }).toEqual({
        header,
        read: [...(r === undefined ? [] : [['realm', r]]), ...params],
      });
    });
  });

  it('reads generated well-formed headers as oauthlib does (quoted/bare values, quoted-pairs, extensions)', () => {
    wellFormed.check(({ header }, theirs) => {
      expect({ header, ours: parseAuthorizationHeader(header) }).toEqual({
        header,
        ours: oauthOnly(theirs.params ?? []),
      });
      expect(theirs.error).toBeUndefined();
    });
  });
});
