import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { AUTH_RULE, AuthRule, IS_PUBLIC } from './auth.decorators';
import { SESSION_COOKIE } from './session-cookie';
import { PrincipalService } from './principal.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard: every route needs a principal unless it is @Public(), and every right its
 * @Authenticated() rule names. Public routes still see the principal when a session cookie is sent.
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
    // Only look credentials up when some are there: probes cost nothing here.
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && !isPublic) request.principal = await this.principals.fromBearer(bearer, request.ip);
    // Public API reads show more to a valid token (suppressed consumers to suppressors); a bad one reads as anonymous.
    else if (bearer && request.url.startsWith('/api/')) request.principal = await this.principals.fromBearer(bearer, request.ip).catch(() => undefined);
    else if (request.cookies?.[SESSION_COOKIE]) request.principal = await this.principals.fromRequest(request);
    if (isPublic) return true;

    const principal = request.principal;
    if (!principal) {
      if (rule.redirectToLogin && request.method === 'GET') throw AppError.loginRequired(request.url);
      throw AppError.unauthorized();
    }
    // A Bearer token is not sent by browsers on their own: no cross-site risk to check.
    if (principal.via === 'session') this.checkSameOrigin(request);
    const missing = (rule.rights ?? []).filter((right) => !principal.rights.has(right));
    if (missing.length > 0) throw AppError.forbidden(`This requires the right${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`);
    return true;
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
    const crossSite = site !== undefined
      ? site !== 'same-origin' && site !== 'none'
      : origin !== undefined && origin !== 'null' && origin !== this.config.publicOrigin;
    if (crossSite) throw AppError.forbidden('Cross-site requests with a session cookie are refused.');
  }

}
