import { parseAuthorizationHeader } from './authorization-header';
import { badRequest } from './errors';
import { percentDecode } from './percent-encoding';

/** A request as the protocol sees it; the HTTP layer fills this in, nothing here does I/O. */
export interface OAuth1Request {
  method: string;
  /**
   * Absolute, as the client sent it, query included (MediaWiki signs the full request URL:
   * docs/mediawiki-compatibility.md#addresses).
   */
  url: string;
  authorization?: string;
  contentType?: string;
  /** The raw body; read only when it is application/x-www-form-urlencoded. */
  body?: string;
}

export interface CollectedParameters {
  /** Every decoded parameter from the query, the form body and the header (oauth_* only,
   *  no realm), duplicates kept: what the client signed (RFC 5849 §3.4.1.3.1). */
  pairs: Array<[string, string]>;
  /** The protocol parameters, one value each (header > form body > query). */
  oauth: Record<string, string>;
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** HTML 4.01 §17.13.4 decoding, which §3.4.1.3.1 prescribes for the query and the body:
 *  `+` is a space, then percent-decoding (RFC 5849 §3.4.1.3.1 example: `a3=2+q` is "2 q"). */
function formDecode(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

/** Splits `a=1&b&c=` into decoded pairs; a name without `=` has an empty value (the RFC's
 *  `c2` example), empty pieces (`a=1&&b=2`) carry nothing and are skipped. */
export function parseFormEncoded(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq === -1 ? piece : piece.slice(0, eq);
    const value = eq === -1 ? '' : piece.slice(eq + 1);
    pairs.push([formDecode(name), formDecode(value)]);
  }
  return pairs;
}

/** The raw query component (RFC 3986 §3.4): after the first `?`, before any `#`. */
function rawQuery(url: string): string {
  const withoutFragment = url.split('#', 1)[0];
  const q = withoutFragment.indexOf('?');
  return q === -1 ? '' : withoutFragment.slice(q + 1);
}

/** §3.4.1.3.1 / §3.5.2: the body counts only with exactly this media type; parameters such
 *  as `; charset=UTF-8` are allowed and the type is case-insensitive (RFC 7231 §3.1.1.1).
 *  MediaWiki's `strstr` also matches the type anywhere in the header value, which we do not. */
function isFormBody(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0].trim().toLowerCase() === FORM_CONTENT_TYPE;
}

/**
 * Picks one value per protocol parameter. `sources` come in precedence order (header, body,
 * query: MediaWiki `OAuthRequest::from_request`). RFC 5849 §3.1 says each
 * protocol parameter MUST appear once and §3.2 answers a duplicate with 400; MediaWiki instead
 * lets the header silently override. We refuse any ambiguity: a repeat inside one source, or
 * a different value in another source, is `duplicate_parameter`. The same value in two sources
 * (some clients send the header and the query) is unambiguous and accepted.
 */
function protocolParameters(sources: Array<Array<[string, string]>>): Record<string, string> {
  const oauth = Object.create(null) as Record<string, string>; // no prototype to pollute
  for (const source of sources) {
    const seen = new Set<string>();
    for (const [name, value] of source) {
      if (!name.startsWith('oauth_')) continue;
      const conflicting = Object.hasOwn(oauth, name) && oauth[name] !== value;
      if (seen.has(name) || conflicting) {
        throw badRequest('duplicate_parameter', `The parameter ${name} is given more than once.`);
      }
      seen.add(name);
      oauth[name] = value;
    }
  }
  return oauth;
}

/** Collects the request parameters (§3.4.1.3.1) and the protocol parameters (§3.5). */
export function collectParameters(request: OAuth1Request): CollectedParameters {
  const query = parseFormEncoded(rawQuery(request.url));
  const body = request.body !== undefined && isFormBody(request.contentType) ? parseFormEncoded(request.body) : [];
  const header = request.authorization === undefined ? undefined : parseAuthorizationHeader(request.authorization);
  const headerPairs: Array<[string, string]> = header ? Object.entries(header) : [];
  return {
    pairs: [...query, ...body, ...headerPairs],
    oauth: protocolParameters([headerPairs, body, query]),
  };
}
