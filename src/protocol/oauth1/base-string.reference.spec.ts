import fc from 'fast-check';
import { formEncoded, oauthParams, rfc5849Encode, realm, utf8Escape } from '../../../test/reference/oauth1-arbitraries';
import { describeIfPython, ReferenceBatch } from '../../../test/reference/reference-batch';
import { baseStringUri, normalizeParameters, signatureBaseString } from './base-string';
import { OAuth1ProtocolError } from './errors';
import { collectParameters, OAuth1Request } from './parameters';

/*
 * RFC 5849 §3.4.1 signature base strings compared with python3-oauthlib's rfc5849.signature
 * (`base_string_uri`, `collect_parameters`, `normalize_parameters`, `signature_base_string`),
 * which is what requests-oauthlib clients sign with: any difference is a signature that
 * verifies for one side and not the other. All cases go to one Python process
 * (test/reference/oauthlib_base_string.py).
 *
 * Inputs where oauthlib itself departs from RFC 5849 are not generated:
 * - a path ending in ";": urlparse splits it off as empty "params" and urlunparse drops it
 *   (`http://h/a;` → `http://h/a`), while §3.4.1.2 keeps the path as sent;
 * - an IPv6 literal not in canonical form: oauthlib rewrites it through `ipaddress`
 *   (`[2001:DB8:0::1]` → `[2001:db8::1]`, `[::ffff:10.0.0.1]` → `[::ffff:a00:1]`); §3.4.1.2
 *   only lower-cases the host;
 * - a raw space in the path: oauthlib writes it as `%20` *before* §3.4.1.1 encodes the URI;
 *   a request line cannot contain one anyway (RFC 7230 §3.1.1);
 * - `oauth_*` parameters in the query or the body (see formEncoded), raw non-ASCII in the
 *   query, percent-encoded octets that are not UTF-8 (oauthlib reads U+FFFD, we answer 400),
 *   repeated `oauth_*` names in the header (oauthlib keeps the last, we answer 400, §3.1), and
 *   non-`oauth_*` auth-params in the header (§3.4.1.3.1 would include them, oauthlib does; we
 *   keep only `oauth_*` as MediaWiki's `OAuthUtil::split_header` does).
 * User information in the URL is not generated either: oauthlib drops it, we refuse the URL.
 */

const FORM = 'application/x-www-form-urlencoded';

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'post', 'Put', 'DELETE', 'patch'),
  fc.stringMatching(/^[A-Za-z]{1,7}$/),
);
const scheme = fc
  .tuple(fc.constantFrom('http', 'https'), fc.constantFrom('lower', 'upper', 'mixed'))
  .map(([s, c]) => (c === 'lower' ? s : c === 'upper' ? s.toUpperCase() : s[0].toUpperCase() + s.slice(1)));
const label = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,6}[A-Za-z0-9])?$/);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.')),
  // Canonical IPv6 literals only (see above); upper case is fine, both sides lower-case it.
  fc.constantFrom('[::1]', '[::]', '[2001:db8::1]', '[2001:DB8::A:1]', '[fe80::1:2:3:4]', '[1:2:3:4:5:6:7:8]'),
);
/** No port, "host:" (no port, RFC 3986 §6.2.3), a default port, another one, with leading zeros, out of range. */
const port = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', ':', ':80', ':443', ':080', ':0443', ':8080') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`) },
  { weight: 1, arbitrary: fc.constantFrom(':0', ':65536') },
);
/** Path characters: unreserved, sub-delims, ":" "@", %XX (any octet, never decoded), and non-ASCII. */
const pathChar = fc.oneof(
  fc.constantFrom(...'aZ09-._~!$&\'()*+,;=:@%"<>[]^`{|}\\'.split('')),
  fc.nat(255).map((b) => `%${b.toString(16).padStart(2, '0')}`),
  fc.constantFrom('é', 'ß', '日', '😀').chain((c) => fc.constantFrom(c, utf8Escape(c), utf8Escape(c, true))),
);
const path = fc
  .array(
    fc.array(pathChar, { maxLength: 5 }).map((chars) => chars.join('')),
    { maxLength: 4 },
  )
  .map((segments) => (segments.length === 0 ? '' : `/${segments.join('/')}`))
  // No trailing ";" (see above). A stray "%" stays: neither side decodes the path (§3.4.1.2).
  .filter((p) => !p.endsWith(';'));
const header = fc.tuple(oauthParams, realm, fc.constantFrom(', ', ',')).map(([params, r, separator]) => {
  const parts = params.map(([name, value]) => `${name}="${rfc5849Encode(value)}"`);
  return `OAuth ${[...(r === undefined ? [] : [`realm="${r}"`]), ...parts].join(separator)}`;
});

const request = fc
  .record({
    method,
    url: fc
      .tuple(
        scheme,
        host,
        port,
        path,
        fc.option(formEncoded, { nil: undefined }),
        fc.option(fc.constantFrom('', 'frag', 'a?b=c'), { nil: undefined }),
      )
      .map(
        ([s, h, p, pa, q, f]) =>
          `${s}://${h}${p}${pa}${q === undefined ? '' : `?${q}`}${f === undefined ? '' : `#${f}`}`,
      ),
    authorization: fc.option(header, { nil: undefined }),
    body: fc.option(formEncoded, { nil: undefined }),
  })
  .map((r): OAuth1Request => ({ ...r, contentType: r.body === undefined ? undefined : FORM }));

interface Reference {
  uri?: string;
  normalized?: string;
  base?: string;
  error?: string;
}

function ours(r: OAuth1Request): Reference {
  try {
    const { pairs } = collectParameters(r);
    return {
      uri: baseStringUri(r.url),
      normalized: normalizeParameters(pairs),
      base: signatureBaseString(r.method, r.url, pairs),
    };
  } catch (error) {
    // Only the protocol error type may escape, and only for a URL oauthlib refuses too.
    if (error instanceof OAuth1ProtocolError) return { error: error.key };
    throw error;
  }
}

const reference = new ReferenceBatch('oauthlib_base_string.py');
const requests = reference.property<OAuth1Request, Reference>('request', request, 300);

describeIfPython('oauthlib')('signature base string against python3-oauthlib (RFC 5849 §3.4.1)', () => {
  beforeAll(() => reference.run());

  it(`gives the same base string URI, normalized parameters and base string for ${requests.numRuns} requests`, () => {
    requests.check((input, theirs) => {
      const mine = ours(input);
      if (theirs.error !== undefined) {
        // A port of 0 or above 65535 (RFC 3986 §3.2.3, a TCP port): both refuse the URL.
        expect({ input, mine }).toEqual({ input, mine: { error: 'invalid_url' } });
      } else {
        expect({ input, mine }).toEqual({ input, mine: theirs });
      }
    });
  });
});
