import fc from 'fast-check';

/*
 * Generators of OAuth 1.0a request pieces for the property tests against python3-oauthlib
 * (src/protocol/oauth1/*.reference.spec.ts, authorization-header.spec.ts). Each produces the raw
 * text a client puts on the wire, with the encoding choices RFC 5849 and HTML forms allow.
 */

const UNRESERVED = 'ABCXYZabcxyz0189-._~'.split(''); // RFC 3986 §2.3
/** Characters with a meaning somewhere in a URL or a header, and non-ASCII text. */
const AWKWARD = [
  ' ',
  '+',
  '%',
  '=',
  '&',
  '?',
  '#',
  '/',
  ';',
  ':',
  '@',
  '!',
  '$',
  "'",
  '(',
  ')',
  '*',
  ',',
  '"',
  '\\',
  'é',
  'ß',
  '日',
  '😀',
  '\u00a0',
];

/** Any Unicode text without lone surrogates (they have no UTF-8 form, RFC 5849 §3.6). */
export const text = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...UNRESERVED, ...AWKWARD) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      ),
      { maxLength },
    )
    .map((chars) => chars.join(''));

const hex = (byte: number, lower: boolean): string => {
  const h = byte.toString(16).padStart(2, '0');
  return `%${lower ? h : h.toUpperCase()}`;
};

/** %XX of the UTF-8 octets of `char`, upper- or lower-case hex (RFC 3986 §2.1: both mean the same). */
export const utf8Escape = (char: string, lower = false): string =>
  [...Buffer.from(char, 'utf8')].map((b) => hex(b, lower)).join('');

/** RFC 5849 §3.6: unreserved characters as they are, everything else %XX of UTF-8, upper-case. */
export const rfc5849Encode = (value: string): string =>
  [...value].map((c) => (UNRESERVED_RE.test(c) ? c : utf8Escape(c))).join('');
const UNRESERVED_RE = /^[A-Za-z0-9\-._~]$/;

// Characters HTML form encoding (HTML 4.01 §17.13.4) may leave raw in a query or body and that
// oauthlib's `urldecode` accepts. Non-ASCII is never raw: an HTTP request target is ASCII
// (RFC 7230 §3.1.1, RFC 3986 §2), and oauthlib refuses raw non-ASCII with a ValueError.
const FORM_RAW = /^[A-Za-z0-9\-._~*:@!()/?'$,;]$/;

/**
 * One form-encoded name or value: each character written in one of the ways a client may
 * write it (raw when allowed, `+` or `%20` for a space, %XX in either hex case).
 */
const formComponent = (allowRawEquals: boolean, maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        text(1).filter((c) => c !== ''),
        fc.nat(3),
      ),
      { maxLength },
    )
    .map((chars) =>
      chars
        .map(([char, choice]) => {
          if (char === ' ' && choice < 2) return choice === 0 ? '+' : '%20';
          if ((FORM_RAW.test(char) || (allowRawEquals && char === '=')) && choice < 3) return char;
          return utf8Escape(char, choice === 3);
        })
        .join(''),
    );

/** A name from a small alphabet, so that repeated names (RFC 5849 §3.4.1.3.2 sorts them by value) are common. */
const formName = fc.oneof(
  fc.constantFrom('a', 'a', 'b', 'B', 'c%40', 'a3', 'x+y', 'x%20y', 'x%2By', '%C3%A9', 'file', 'size', ''),
  formComponent(false, 4),
);

/**
 * `a=1&a=2&b&c=&&...`: repeated names, empty values, names without "=", empty pieces.
 * Never an `oauth_*` name: oauthlib's `collect_parameters` percent-decodes the value of an
 * `oauth_*` query or body parameter a second time (RFC 5849 §3.4.1.3.1 decodes it once), so
 * `oauth_x=%2525` would differ for oauthlib's sake, not ours.
 */
export const formEncoded = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(formName, formComponent(true, 6)).map(([n, v]) => `${n}=${v}`) },
      { weight: 1, arbitrary: formName.map((n) => (n === '' ? 'x' : n)) },
      { weight: 1, arbitrary: fc.constant('') },
    ),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join('&'))
  .filter((q) => !/(^|&)oauth_/i.test(decodeURIComponent(q.replace(/\+/g, ' '))));

export const OAUTH_NAMES = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
];

/** Protocol parameters: distinct `oauth_*` names (§3.1: each at most once), any text as value. */
export const oauthParams = fc.uniqueArray(
  fc.tuple(fc.oneof(fc.constantFrom(...OAUTH_NAMES), fc.stringMatching(/^oauth_[a-z_]{1,8}$/)), text(12)),
  { selector: ([name]) => name, maxLength: 6 },
);

/** A realm oauthlib's `prepare_headers` can write: it puts the realm between quotes unescaped. */
export const realm = fc.option(
  fc.stringMatching(/^[ !#-[\]-~]{1,16}$/).filter((r) => r.trim() !== ''),
  { nil: undefined },
);
