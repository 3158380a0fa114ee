import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../common/errors/error-body.dto';
import { Principal } from './principal';

export const IS_PUBLIC = 'consentry:public';
export const AUTH_RULE = 'consentry:auth-rule';

export interface AuthRule {
  /** Every one of these rights is required. */
  rights?: string[];
  /** For pages: send a browser without a session to /login and back, instead of a 401. */
  redirectToLogin?: boolean;
}

/** Opts a route out of authentication. Routes are authenticated unless they say this. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The one way to protect a route: sets the guard's rule and the matching OpenAPI security and
 * error responses together, so the documentation cannot drift from what is enforced.
 */
export function Authenticated(rule: AuthRule = {}): MethodDecorator & ClassDecorator {
  const rights = rule.rights ?? [];
  const decorators = [
    SetMetadata(AUTH_RULE, rule),
    ApiCookieAuth('session'),
    ApiUnauthorizedResponse({ description: 'No valid session.', type: ErrorBody }),
  ];
  if (rights.length > 0) {
    decorators.push(ApiForbiddenResponse({ description: `Requires the right${rights.length > 1 ? 's' : ''} ${rights.join(', ')}.`, type: ErrorBody }));
  }
  return applyDecorators(...decorators);
}

/** The authenticated principal (undefined on public routes without a session). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<FastifyRequest>().principal,
);
