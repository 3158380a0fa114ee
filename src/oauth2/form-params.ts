import { ProtocolRequest } from '../common/http/protocol-request';
import { OAuth2ProtocolError } from '../protocol/oauth2';

/**
 * The parameters of a token, introspection or revocation request: form-encoded only (RFC 6749
 * §3.2), each at most once (§3.1: "MUST NOT be included more than once"), every value a string.
 */
export function formParams(request: ProtocolRequest, body: unknown): Record<string, string | undefined> {
  if (!request.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw OAuth2ProtocolError.invalidRequest('Send the parameters as application/x-www-form-urlencoded.');
  }
  const params = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value))
      throw OAuth2ProtocolError.invalidRequest(`The parameter ${name.slice(0, 40)} is repeated.`);
    if (typeof value === 'string') params[name] = value;
  }
  return params;
}
