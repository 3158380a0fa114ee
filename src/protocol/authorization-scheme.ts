import { hasOAuthScheme } from './oauth1/authorization-header';
import { parseBearerHeader } from './oauth2/bearer';

/**
 * What an `Authorization` header carries, by its auth-scheme (RFC 9110 §11.6.2):
 * - `OAuth`: an OAuth 1.0a request (RFC 5849 §3.5.1), whose parameters parseAuthorizationHeader reads;
 * - `Bearer`: an OAuth 2 access token (RFC 6750 §2.1), or null when the credentials are not one b64token;
 * - none: no header, or a scheme of someone else's (`Basic`, ...).
 */
export type AuthorizationCredentials =
  | { readonly scheme: 'OAuth' }
  | { readonly scheme: 'Bearer'; readonly token: string | null }
  | { readonly scheme: 'none' };

const OAUTH: AuthorizationCredentials = Object.freeze({ scheme: 'OAuth' });
const NONE: AuthorizationCredentials = Object.freeze({ scheme: 'none' });

/**
 * Decides once, for every entry point that takes both protocols, which one a request speaks: the
 * same scheme and token rules as the OAuth 1.0a and Bearer parsers, because it is made of them.
 */
export function authorizationCredentials(authorization: string | undefined): AuthorizationCredentials {
  if (authorization !== undefined && hasOAuthScheme(authorization)) return OAUTH;
  const token = parseBearerHeader(authorization);
  return token === undefined ? NONE : { scheme: 'Bearer', token };
}
