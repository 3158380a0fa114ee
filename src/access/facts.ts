import type { ConsumerStage } from './consumer-stage';

/**
 * What the access policy reads: plain snapshots, no I/O. The entities read through the hot-path
 * caches fit these shapes as they are, so the gateway passes them without copying; a cache
 * replaces its objects on any write, which is what lets the policy memoize per object.
 */
export interface UserFacts {
  readonly id: number;
  readonly blocked: boolean;
  readonly locked: boolean;
  /** Explicit group memberships; the implicit groups are added by the rights catalog. */
  readonly memberships?: readonly { readonly groupName: string }[];
}

export interface ConsumerFacts {
  readonly id: number;
  readonly consumerKey: string;
  readonly name: string;
  readonly ownerId: number;
  readonly stage: ConsumerStage;
  /** Suppressed. */
  readonly deleted: boolean;
  readonly ownerOnly: boolean;
  readonly oauthVersion: 1 | 2;
  readonly oauth2GrantTypes: readonly string[] | null;
  readonly restrictions: readonly string[];
  readonly wiki: string;
  readonly grants: readonly string[];
}

export interface AuthorizationFacts {
  readonly consumerId: number;
  readonly userId: number;
  readonly wiki: string;
  readonly grants: readonly string[];
}

/**
 * The entry point asking, with what only it knows. "Three-legged" entry points are the ones a
 * browser goes through on the way to a client's callback.
 */
export type Use =
  /** OAuth 1.0a leg 1: a signed request for a request token (no user yet). */
  | { readonly entry: 'oauth1.initiate' }
  /** OAuth 1.0a leg 2: the consent page and the user's Allow. */
  | { readonly entry: 'oauth1.authorize' }
  /** OAuth 1.0a leg 3: the verifier for an access token. */
  | { readonly entry: 'oauth1.token' }
  /**
   * OAuth 2 `/authorize`, before anything else: may this browser be sent back to the client at
   * all (RFC 6749 §4.1.2.1)? A logged-in user may be known or not.
   */
  | { readonly entry: 'oauth2.redirect' }
  /** OAuth 2 `/authorize`: the user consents (or a standing authorization covers the request). */
  | { readonly entry: 'oauth2.authorize' }
  /** OAuth 2 token endpoint, every grant type. */
  | { readonly entry: 'oauth2.token'; readonly grantType: string }
  /** Introspection and revocation: an authenticated client about its own tokens. */
  | { readonly entry: 'oauth2.client' }
  /** RFC 7662: is this token usable at all (for any resource, identity endpoints included)? */
  | { readonly entry: 'introspection' }
  /**
   * A request made with an access credential: OAuth 1.0a identify, OAuth 2 userinfo and
   * resources, the admin API under a Bearer token, `@OAuthProtected()` routes.
   */
  | {
      readonly entry: 'resource';
      /** Identity endpoints: identity-only credentials are welcome here, and only here. */
      readonly identity?: boolean;
      /** A credential that acts for no user (client credentials) is refused. */
      readonly needsUser?: boolean;
      readonly rights?: readonly string[];
      readonly grants?: readonly string[];
    }
  /**
   * An API gateway asking about one request (GET/POST /auth/verify), or a route of this process
   * behind `@OAuthProtected()` (the gateway in-process): `actions` are the request's API actions.
   */
  | { readonly entry: 'gateway'; readonly actions: readonly string[]; readonly rights?: readonly string[] }
  /** The admin API and pages with a login session: not bounded by grants. */
  | { readonly entry: 'session'; readonly rights?: readonly string[] }
  /**
   * A reviewer's decision on a consumer; `rights` are the reviewer's own; `suppression`: the
   * decision suppresses it.
   */
  | { readonly entry: 'review'; readonly rights: ReadonlySet<string>; readonly suppression: boolean };

export type Entry = Use['entry'];

export interface AccessRequest {
  readonly use: Use;
  /** Who acts: the logged-in user, or the user a credential acts for; null for nobody. */
  readonly user: UserFacts | null;
  /** Undefined where no consumer takes part (a session); null for an unknown one. */
  readonly consumer?: ConsumerFacts | null;
  /** Undefined where the credential needs none; null when it needs one and none was found. */
  readonly authorization?: AuthorizationFacts | null;
  /** What the credential carries (OAuth 2 token scopes); by default the authorization's grants, then the consumer's. */
  readonly grants?: readonly string[];
  /** The client's address, where the client itself is calling (never a browser's). */
  readonly clientIp?: string;
}
