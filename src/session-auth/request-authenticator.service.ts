import { Injectable } from '@nestjs/common';
import { Authorization } from '../authorizations/authorization.entity';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppConfig } from '../common/config/app-config.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { Consumer } from '../consumers/consumer.entity';
import { EffectiveRights } from '../grants/effective-rights';
import { AuditLog } from '../audit/audit-log.service';
import { GrantCatalog } from '../grants/grant-catalog';
import { Metrics } from '../operations/metrics.service';
import { OAuth1Verifier } from '../oauth1/oauth1-verifier.service';
import { AccessTokenVerifier } from '../oauth2/access-token-verifier.service';
import { ipInRanges } from '../protocol/ip-ranges';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { OAuth2ProtocolError } from '../protocol/oauth2';
import { RightsCatalog } from '../users/rights-catalog';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';
import { AuthPrincipal } from './auth-principal';
import { AuthRefusal } from '../common/errors/auth-refusal';

interface DerivedRights { rights: string[]; groups: string[] }

const DERIVED_PER_KEY_MAX = 256;

interface Verified {
  /** The cached row the credentials resolved to (token or authorization): a principal is memoized on it. */
  source: object;
  oauthVersion: 1 | 2; consumer: Consumer; user: User | null; authorization: Authorization | null; grants: string[]; tokenId: string; expiresAt: Date | null }

/**
 * The session provider of reference 8: one request, OAuth 1.0a-signed or Bearer, becomes a
 * principal or a refusal. Every check is made on every request, against hot-path caches that
 * any write drops at once (other instances' writes within a second, through Redis), so a revoked
 * authorization, a blocked user or a disabled consumer fails on the next request.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly derivedByUser = new WeakMap<User, Map<string, DerivedRights>>();
  private readonly derivedAppOnly = new Map<string, DerivedRights>();
  private readonly principals = new WeakMap<object, { consumer: Consumer; user: User | null; grantsKey: string; principal: AuthPrincipal }>();

  constructor(
    private readonly config: AppConfig,
    private readonly oauth1: OAuth1Verifier,
    private readonly oauth2: AccessTokenVerifier,
    private readonly authorizations: AuthorizationsService,
    private readonly userRights: UserRights,
    private readonly effective: EffectiveRights,
    private readonly grantCatalog: GrantCatalog,
    private readonly rightsCatalog: RightsCatalog,
    private readonly metrics: Metrics,
    private readonly audit: AuditLog,
  ) {}

  async authenticate(request: ProtocolRequest): Promise<AuthPrincipal> {
    const version = /^OAuth\s/i.test(request.authorization ?? '') ? '1' : '2';
    try {
      const verified = await this.verify(request, version);
      this.checkUse(request, verified);
      const principal = this.principal(verified);
      this.metrics.verifications.inc({ oauth_version: version, result: 'ok' });
      return principal;
    } catch (error) {
      if (error instanceof AuthRefusal) {
        this.metrics.verifications.inc({ oauth_version: version, result: error.key });
        // Counted per minute, not one row per attack request.
        this.audit.count({ action: version === '1' ? 'oauth1.request_refused' : 'oauth2.token_refused', target: error.key, ip: request.clientIp });
      }
      throw error;
    }
  }

  private async verify(request: ProtocolRequest, version: '1' | '2'): Promise<Verified> {
    if (version === '1') return this.verifyOAuth1(request);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
    if (bearer) return this.verifyBearer(bearer);
    throw this.invalid('The request carries no OAuth 1.0a signature and no Bearer token.');
  }

  private async verifyOAuth1(request: ProtocolRequest): Promise<Verified> {
    try {
      const { consumer, authorization, oauth } = await this.oauth1.verify(request, 'resource');
      // Joined on the authorization's userId (one round trip on a cache miss); a deleted user takes both with it.
      const user = authorization!.user ?? null;
      return { source: authorization!, oauthVersion: 1, consumer, user, authorization: authorization!, grants: authorization!.grants, tokenId: oauth.oauth_token, expiresAt: null };
    } catch (error) {
      if (error instanceof OAuth1ProtocolError && error.key === 'mwoauthdatastore-bad-source-ip') throw new AuthRefusal(403, error.key, error.message);
      if (error instanceof OAuth1ProtocolError) throw this.invalid(error.message, 'OAuth');
      throw error;
    }
  }

  private async verifyBearer(token: string): Promise<Verified> {
    try {
      const access = await this.oauth2.verifyToken(token);
      // The verified token scopes (reference 7.3), already narrowed to the authorization's grants.
      const grants = access.scopes.filter((s) => s !== 'openid');
      return { source: access.token, oauthVersion: 2, consumer: access.consumer, user: access.user, authorization: access.authorization, grants, tokenId: String(access.payload.jti), expiresAt: access.token.expiresAt };
    } catch (error) {
      if (error instanceof OAuth2ProtocolError) throw this.invalid(error.description, 'Bearer');
      throw error;
    }
  }

  /**
   * Reference 8.3 steps 4–7, plus IP restrictions for both protocols (quirk 11) and disabled
   * actions (1.7). A deleted user takes its authorizations with it (cascade), so a missing user
   * shows as a missing authorization.
   */
  private checkUse(request: ProtocolRequest, v: Verified): void {
    const wiki = this.config.gateway.wikiId;
    if (v.authorization && v.authorization.userId !== v.user?.id) throw this.invalid('The authorization no longer exists.');
    if (wiki !== '*' && v.authorization && v.authorization.wiki !== '*' && v.authorization.wiki !== wiki) throw this.wrongWiki(wiki);
    if (wiki !== '*' && v.consumer.wiki !== '*' && v.consumer.wiki !== wiki) throw this.wrongWiki(wiki);
    if (v.user && (v.user.locked || v.user.blocked)) throw new AuthRefusal(403, 'mwoauth-invalid-authorization-blocked-user', 'The user is blocked or locked.');
    if (!this.authorizations.isUsableBy(v.consumer, v.user?.id ?? null)) {
      throw new AuthRefusal(403, 'mwoauth-invalid-authorization-not-approved', `The application "${v.consumer.name}" is not approved for use.`);
    }
    // OAuth 1.0a requests met the allow-list in the signature check already (reference 2.6).
    if (v.oauthVersion === 2 && !ipInRanges(request.clientIp, v.consumer.restrictions)) {
      throw new AuthRefusal(403, 'mwoauthdatastore-bad-source-ip', 'Requests from this IP address are not allowed for this application.');
    }
    const disabled = this.config.gateway.disabledActions;
    const action = disabled.length === 0 ? undefined : actionsOf(request).find((a) => disabled.includes(a));
    if (action) {
      throw new AuthRefusal(403, 'mwoauth-api-module-disabled', `The "${action}" module is not available with OAuth.`);
    }
  }

  /**
   * The principal is a function of the token or authorization row, consumer, user and grants.
   * The hot-path caches replace those objects on any write, so while they are the same objects
   * the principal is the same: built once, frozen (callers share it), and reused.
   */
  private principal(v: Verified): AuthPrincipal {
    const grantsKey = v.grants.join(' ');
    const memo = this.principals.get(v.source);
    if (memo && memo.consumer === v.consumer && memo.user === v.user && memo.grantsKey === grantsKey) return memo.principal;
    const { rights, groups } = this.rightsOf(v.user, v.grants, grantsKey);
    const principal: AuthPrincipal = deepFreeze({
      user: v.user ? { id: v.user.id, name: v.user.username, groups: [...groups] } : null,
      consumer: { key: v.consumer.consumerKey, name: v.consumer.name, version: v.consumer.version, ownerOnly: v.consumer.ownerOnly },
      oauthVersion: v.oauthVersion, grants: [...v.grants], rights: [...rights], restrictions: [...v.consumer.restrictions],
      tokenId: v.tokenId, expiresAt: v.expiresAt?.toISOString() ?? null,
    });
    this.principals.set(v.source, { consumer: v.consumer, user: v.user, grantsKey, principal });
    return principal;
  }

  /**
   * Effective rights and groups, computed once per user object and grant set: the user cache
   * replaces its object on any write to users (and every few seconds), so an entry never
   * outlives the user data it was computed from. Callers get shared arrays: read-only.
   */
  private rightsOf(user: User | null, grants: readonly string[], key: string): DerivedRights {
    let perGrants = user ? this.derivedByUser.get(user) : this.derivedAppOnly;
    if (!perGrants) {
      perGrants = new Map();
      if (user) this.derivedByUser.set(user, perGrants);
    }
    const cached = perGrants.get(key);
    if (cached) return cached;
    // App-only tokens act as nobody: what everyone may do, within the grants (reference 8.3 step 1).
    const everyone = this.rightsCatalog.everyoneRights;
    const rights = user ? this.effective.of(user, grants) : new Set([...this.grantCatalog.rightsOf(grants)].filter((r) => everyone.has(r)));
    const derived = { rights: [...rights].sort(), groups: user ? this.userRights.groups(user) : [] };
    // Bounded: grant sets are few, but a flood of distinct ones must not grow memory.
    if (perGrants.size >= DERIVED_PER_KEY_MAX) perGrants.clear();
    perGrants.set(key, derived);
    return derived;
  }

  private invalid(detail: string, scheme?: 'OAuth' | 'Bearer'): AuthRefusal {
    const realm = this.config.publicUrl;
    const challenge = scheme === 'Bearer' ? `Bearer realm="${realm}", error="invalid_token"` : scheme === 'OAuth' ? `OAuth realm="${realm}"` : `Bearer realm="${realm}", OAuth realm="${realm}"`;
    return new AuthRefusal(401, 'mwoauth-invalid-authorization', `The authorization headers in your request are not valid: ${detail}`, challenge);
  }

  private wrongWiki(wiki: string): AuthRefusal {
    return new AuthRefusal(403, 'mwoauth-invalid-authorization-wrong-wiki', `This authorization is not for ${wiki}.`);
  }
}

/** Frozen all the way down: one principal object serves many requests and callers. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') deepFreeze(inner as object);
  return Object.freeze(value);
}

/**
 * Every `action=` value of the request, from the query and a form body, names decoded. PHP, and so
 * MediaWiki, takes the last of repeated parameters and lets the body override the query, so
 * checking only the first value would let `?action=query&action=import` through (reference 1.7).
 */
function actionsOf(request: ProtocolRequest): string[] {
  const url = request.url;
  const question = url.indexOf('?');
  const actions: string[] = [];
  if (question !== -1) {
    const hash = url.indexOf('#', question);
    actions.push(...new URLSearchParams(url.slice(question + 1, hash === -1 ? undefined : hash)).getAll('action'));
  }
  if (request.rawBody && request.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    actions.push(...new URLSearchParams(request.rawBody).getAll('action'));
  }
  return actions;
}
