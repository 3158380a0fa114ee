import { phpFormPairs, PhpPair, phpQueryPairs, phpValuesOf } from './php-params';

/** A request to the action API as a gateway describes it. */
export interface ApiRequest {
  /** Absolute, or only the path and query. */
  readonly url: string;
  readonly contentType?: string;
  /** The raw body, when the gateway showed it. */
  readonly body?: string;
}

/**
 * The media type as PHP's SAPI picks it to decide how to read a body (and more loosely than it):
 * leading white space gone, lower-cased, cut at the first `;`, `,` or white space.
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '')
    .trimStart()
    .toLowerCase()
    .split(/[;,\s]/, 1)[0];
}

/**
 * Whether a request of this method may carry a body that an API reads parameters from. PHP reads
 * one only for POST; other servers (the example action API once did) for any method but GET and
 * HEAD, so every other method counts (docs/gateway.md "Bodies").
 */
export function mayCarryParameters(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Everything after the first `?`. A fragment is kept: some servers pass it on as part of the query. */
function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}

/**
 * Every value PHP could take as `action` for this request (docs/mediawiki-compatibility.md#gateway):
 * every value of every pair PHP registers as `action` (arrays included), in the query and in the
 * body, whatever the body's content type says; the query read with and without `;` as a separator
 * and as a binary-safe form too; each also in NFC, as MediaWiki's WebRequest normalises values.
 * A multipart body is not parsed: PHP's multipart reader ends every value at a line break before a
 * boundary, so every line of it counts. More values than PHP would take only make a check stricter.
 */
export function apiActions(request: ApiRequest): string[] {
  const query = queryOf(request.url);
  const pairs: PhpPair[] = [...phpQueryPairs(query), ...phpQueryPairs(query, '&;'), ...phpFormPairs(query)];
  const values = new Set<string>();
  const body = request.body ?? '';
  if (body !== '') {
    pairs.push(...phpFormPairs(body));
    if (mediaType(request.contentType).startsWith('multipart/'))
      for (const line of body.split(/\r?\n/)) values.add(line);
  }
  for (const value of phpValuesOf(pairs, 'action')) values.add(value);
  for (const value of [...values]) values.add(value.normalize('NFC'));
  return [...values];
}
