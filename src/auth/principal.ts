import { User } from '../users/user.entity';

/** Who is making a request, and what they may do. */
export interface Principal {
  user: User;
  /** Effective groups, implicit ones included. */
  groups: string[];
  rights: ReadonlySet<string>;
  /** How the request authenticated: a browser session, or an OAuth 2 Bearer token. */
  via: 'session' | 'bearer';
  /** When the user logged in (seconds), for OpenID Connect `auth_time`. */
  authTime?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** Set by LocalAuthGuard when a login attempt fails, so the page can say why. */
    loginError?: unknown;
  }
}
