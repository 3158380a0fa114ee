import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../common/errors/error-body.dto';
import { GrantCatalog } from '../catalog/grant-catalog';
import { Principal } from './principal';

export const IS_PUBLIC = 'consentry:public';
export const AUTH_RULE = 'consentry:auth-rule';

export interface AuthRule {
  /** Every one of these rights is required; through a Bearer token, within the token's grants. */
  rights?: string[];
  /** With a Bearer token: every one of these grants (a session is not bounded by grants). */
  grants?: string[];
  /** An identity endpoint: identity-only tokens (mwoauth-authonly, -authonlyprivate) may call it. */
  identity?: boolean;
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
  const decorators = [
    SetMetadata(AUTH_RULE, rule),
    ApiCookieAuth('session'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid session or Bearer token.', type: ErrorBody }),
    ApiForbiddenResponse({ description: forbiddenText(rule), type: ErrorBody }),
  ];
  return applyDecorators(...decorators);
}

/** The grants of the shipped catalog (catalog/grants.json) that carry `right`: what the OpenAPI document names. */
function grantsCarrying(right: string): string[] {
  shipped ??= GrantCatalog.fromFile();
  const catalog = shipped;
  return catalog.names.filter((name) => catalog.rightsOf([name]).has(right));
}
let shipped: GrantCatalog | undefined;

/** What a route needs, in the OpenAPI document: a token's grants bound it (docs/security.md, "Other promises"). */
function forbiddenText(rule: AuthRule): string {
  const rights = rule.rights ?? [];
  const lines = [
    rights.length > 0
      ? `Requires the right${rights.length > 1 ? 's' : ''} ${rights.join(', ')}.`
      : 'Needs no particular right.',
  ];
  const bearer = [
    ...(rule.grants ?? []).map((g) => `the grant ${g}`),
    ...rights.map((right) => {
      const carriers = grantsCarrying(right);
      return carriers.length > 0
        ? `for ${right}, one of the grants ${carriers.join(', ')}`
        : `${right}, which no grant carries (a session only)`;
    }),
  ];
  lines.push(
    bearer.length > 0
      ? `With a Bearer token: ${bearer.join('; ')} (with the shipped grant catalog).`
      : 'With a Bearer token: any grant.',
  );
  lines.push(
    rule.identity
      ? 'Identity-only tokens (mwoauth-authonly) are accepted.'
      : 'Identity-only tokens (mwoauth-authonly) are refused.',
  );
  return lines.join(' ');
}

/** The authenticated principal (undefined on public routes without a session). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<FastifyRequest>().principal,
);
