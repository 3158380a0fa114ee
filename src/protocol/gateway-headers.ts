/**
 * Which headers describe the request a gateway asks about (GET /auth/verify; docs/gateway.md
 * "Which headers describe the request"). nginx sends X-Original-*; Caddy and Traefik send
 * X-Forwarded-Method/-Uri and pass every other client header through, so a client can add an
 * X-Original-URI of its own. Neither is preferred: when both are present and disagree, the
 * description is refused. Only a peer in TRUST_PROXY may describe a request at all.
 */

export class GatewayRequestError extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The header names, lower-case as Node gives them, and as they are usually written. */
const NAMES = {
  'x-original-method': 'X-Original-Method',
  'x-forwarded-method': 'X-Forwarded-Method',
  'x-original-uri': 'X-Original-URI',
  'x-forwarded-uri': 'X-Forwarded-Uri',
  'x-forwarded-host': 'X-Forwarded-Host',
  'x-forwarded-proto': 'X-Forwarded-Proto',
} as const;
type Name = keyof typeof NAMES;

/** Each header's values, one per header line (Node's `headersDistinct`). */
export type HeaderLines = Readonly<Record<string, readonly string[] | undefined>>;

export interface ForwardedRequest {
  method: string;
  /** Origin-form (`/w/api.php?…`); undefined when the gateway sent none. */
  uri?: string;
  host?: string;
  proto?: string;
}

const METHOD = /^[A-Z]{1,20}$/;
/**
 * RFC 9110 §7.2 host with an optional port; no user info, no list (ambiguous), and above all no `/`,
 * `?` or `#`, which would move the path and query the URL is checked with (nginx passes all three).
 */
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/;

/**
 * 403, not 400: a client can send nginx a Host that nginx passes on as X-Forwarded-Host, and
 * nginx's auth_request relays only 401 and 403 (any other status becomes a 500).
 */
function bad(message: string): GatewayRequestError {
  return new GatewayRequestError(403, 'gateway_bad_header', message);
}

/** The one value the named headers agree on; refused when their lines say different things. */
/** The names read here, lower-cased: what a gateway's description of its request may use. */
export const GATEWAY_HEADERS: ReadonlySet<string> = new Set(Object.keys(NAMES));

/** On the verification hot path: no allocation unless the headers disagree. */
function agreed(lines: HeaderLines, names: readonly Name[], normalize?: (v: string) => string): string | undefined {
  let found: string | undefined;
  for (const name of names) {
    for (const raw of lines[name] ?? []) {
      const value = normalize ? normalize(raw.trim()) : raw.trim();
      if (found === undefined) found = value;
      else if (value !== found) {
        const which = names
          .filter((n) => lines[n]?.length)
          .map((n) => NAMES[n])
          .join(' and ');
        throw new GatewayRequestError(
          400,
          'gateway_conflicting_headers',
          `${which} describe the request differently; the gateway must set one and drop the other (docs/gateway.md).`,
        );
      }
    }
  }
  return found;
}

/**
 * The request a gateway describes. `trusted`: the peer is in TRUST_PROXY; `requireUri`: refuse a
 * description without a URI (when API actions are checked, the URI is what they are read from).
 */
export function describedRequest(
  lines: HeaderLines,
  options: { trusted: boolean; requireUri: boolean },
): ForwardedRequest {
  const sent = options.trusted ? [] : (Object.keys(NAMES) as Name[]).filter((name) => (lines[name]?.length ?? 0) > 0);
  if (sent.length > 0) {
    throw new GatewayRequestError(
      403,
      'gateway_untrusted_peer',
      `${sent.map((name) => NAMES[name]).join(', ')} describe a request only when sent by a gateway ` +
        'listed in TRUST_PROXY.',
    );
  }
  const method = agreed(lines, ['x-original-method', 'x-forwarded-method'], (v) => v.toUpperCase()) ?? 'GET';
  const uri = agreed(lines, ['x-original-uri', 'x-forwarded-uri']);
  const host = agreed(lines, ['x-forwarded-host']);
  const proto = agreed(lines, ['x-forwarded-proto'], (v) => v.toLowerCase());
  if (!METHOD.test(method)) throw bad('X-Original-Method / X-Forwarded-Method is not an HTTP method.');
  if (uri !== undefined && !uri.startsWith('/'))
    throw bad('X-Original-URI / X-Forwarded-Uri must be the path and query, from "/".');
  if (uri === undefined && options.requireUri) {
    throw bad(
      'Send the original path and query in X-Original-URI (or X-Forwarded-Uri): DISABLED_API_ACTIONS is checked on it.',
    );
  }
  if (host !== undefined && !HOST.test(host))
    throw bad('X-Forwarded-Host must be one host name, with an optional port.');
  if (proto !== undefined && proto !== 'http' && proto !== 'https')
    throw bad('X-Forwarded-Proto must be http or https.');
  return { method, uri, host, proto };
}
