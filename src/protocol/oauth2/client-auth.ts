import { OAuth2ProtocolError } from './errors';
import { basicChallenge } from './www-authenticate';

/** Realm of the Basic challenge sent back with `invalid_client` (RFC 7617 §2 requires one). */
export const CLIENT_AUTH_REALM = 'oauth2';

/** RFC 4648 §4 base64 with padding, as RFC 7617 §2 uses it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** RFC 9110 §11.4 credentials; see bearer.ts for the tab. */
const CREDENTIALS = /^(\S+)(?:[ \t]+(.*))?$/s;

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Never echoes the header: it holds the secret. */
function malformed(realm: string): OAuth2ProtocolError {
  return OAuth2ProtocolError.invalidClient(
    'The Basic Authorization header is malformed: expected base64 of client_id:client_secret.',
    basicChallenge(realm),
  );
}

/**
 * RFC 6749 §2.3.1 / Appendix B: the id and the secret are each
 * application/x-www-form-urlencoded before being joined, so `+` is a space and `%XX` a byte.
 * Some clients skip the encoding; a part that does not percent-decode is taken as it was
 * sent. (An unencoded `+` is ambiguous; it is read as the RFC says, a space. Secrets this
 * server issues are base64url and never contain `+` or `%`.)
 */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/**
 * Client credentials from `Authorization: Basic ...` (RFC 6749 §2.3.1, RFC 7617), or undefined
 * when there is no such header (another scheme is not client authentication). The id ends at
 * the FIRST colon (RFC 7617 §2: user-id may not contain one), so secrets may contain colons.
 * An empty secret is returned as is: whether that is acceptable depends on the client.
 */
export function parseClientSecretBasic(
  authorization: string | undefined,
  realm = CLIENT_AUTH_REALM,
): ClientCredentials | undefined {
  const value = authorization?.trim();
  if (!value) return undefined;
  const m = CREDENTIALS.exec(value);
  if (!m || m[1].toLowerCase() !== 'basic') return undefined;
  if (m[2] === undefined || m[2] === '' || !BASE64.test(m[2])) throw malformed(realm);
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(m[2], 'base64'));
  } catch {
    throw malformed(realm);
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) throw malformed(realm);
  const clientId = formDecode(decoded.slice(0, colon));
  if (clientId === '') {
    throw OAuth2ProtocolError.invalidClient(
      'The Basic Authorization header has an empty client_id.',
      basicChallenge(realm),
    );
  }
  return { clientId, clientSecret: formDecode(decoded.slice(colon + 1)) };
}
