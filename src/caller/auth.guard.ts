import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { AccessDenied } from '../access/access-denied';
import { Principal } from '../principal/principal';
import { bearerFromHeader } from '../protocol/oauth2/index';
import { apiRefusal } from './api-refusals';
import { AUTH_RULE, AuthRule, IS_PUBLIC } from '../principal/route-rules.decorators';
import { SESSION_COOKIE } from './session-cookie';
import { PrincipalService } from './principal.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard: every route needs a principal unless it is @Public(), and the access policy
 * decides on its @Authenticated() rule: rights for everyone, and for a Bearer token also the grants
 * it must carry and whether identity-only tokens may come. Public routes still see who is there.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const rule = this.reflector.getAllAndOverride<AuthRule>(AUTH_RULE, targets) ?? {};
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      request.principal = await this.principal(request, isPublic ? undefined : rule);
    } catch (error) {
      if (error instanceof AccessDenied) throw apiRefusal(error, this.config.publicUrl);
      throw error;
    }
    if (isPublic) return true;
    const principal = request.principal;
    if (!principal) {
      if (rule.redirectToLogin && request.method === 'GET') throw AppError.loginRequired(request.url);
      throw AppError.unauthorized();
    }
    // A Bearer token is not sent by browsers on their own: no cross-site risk to check.
    if (principal.via === 'session') this.checkSameOrigin(request);
    return true;
  }

  /**
   * The caller, if any, with the access policy's decision for `rule` (undefined: a public route,
   * which only sees who is there). Only look credentials up when some are there: probes cost nothing.
   */
  private async principal(request: FastifyRequest, rule: AuthRule | undefined): Promise<Principal | undefined> {
    const bearer = bearerFromHeader(request.headers.authorization);
    if (bearer && rule) {
      const use = {
        entry: 'resource',
        needsUser: true,
        rights: rule.rights,
        grants: rule.grants,
        identity: rule.identity,
      } as const;
      return this.principals.fromBearer(bearer, use, request.ip);
    }
    // Public API reads show more to a valid token (suppressed consumers to suppressors); a bad one reads as anonymous.
    if (bearer && request.url.startsWith('/api/')) {
      return this.principals
        .fromBearer(bearer, { entry: 'resource', needsUser: true }, request.ip)
        .catch(() => undefined);
    }
    if (request.cookies?.[SESSION_COOKIE]) return this.principals.fromRequest(request, rule?.rights);
    return undefined;
  }

  /**
   * Cookie-authenticated writes must come from our own pages. SameSite=Lax already keeps the
   * cookie off cross-site POSTs; this also refuses them when a browser says where they came from.
   */
  private checkSameOrigin(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    // Browsers that send Sec-Fetch-Site say exactly where the request came from. Our pages send
    // no referrer, so a same-origin form POST may carry `Origin: null`: that alone proves nothing.
    const crossSite =
      site !== undefined
        ? site !== 'same-origin' && site !== 'none'
        : origin !== undefined && origin !== 'null' && origin !== this.config.publicOrigin;
    if (crossSite) throw AppError.forbidden('Cross-site requests with a session cookie are refused.');
  }
}
