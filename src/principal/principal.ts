import type { Consumer } from '../consumers/consumer.entity';
import type { User } from '../users/user.entity';

/**
 * Who is making a request and what they may do: the one principal type of every entry point
 * (a login session, an OAuth 1.0a-signed request, an OAuth 2 Bearer token). Its rights and grants
 * are what the access policy decided. Shared between requests on the gateway's path: read-only.
 */
export interface Principal<U extends User | null = User> {
  /** Null only for OAuth 2 app-only tokens (client credentials), which act for nobody. */
  readonly user: U;
  /** Effective groups, implicit ones included. */
  readonly groups: readonly string[];
  /** The user's rights; through an application, within its grants. */
  readonly rights: ReadonlySet<string>;
  readonly via: 'session' | 'oauth1' | 'oauth2';
  /** The application acting for the user; null for a session. */
  readonly consumer: Consumer | null;
  /** What the credential may use; null for a session, which no grant bounds. */
  readonly grants: readonly string[] | null;
  /** OAuth 1.0a: the access token key; OAuth 2: the token's jti. */
  readonly tokenId?: string;
  /** OAuth 2 tokens expire; OAuth 1.0a ones last until revoked. */
  readonly expiresAt?: Date | null;
  /** When the user logged in (seconds), for OpenID Connect `auth_time`. */
  readonly authTime?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the global guard: a session, or a Bearer token acting for a user. */
    principal?: Principal;
    /** Set by `@OAuthProtected()`: the credential may act for nobody (app-only). */
    oauthPrincipal?: Principal<User | null>;
    /** Set by LocalAuthGuard when a login attempt fails, so the page can say why. */
    loginError?: unknown;
  }
}
