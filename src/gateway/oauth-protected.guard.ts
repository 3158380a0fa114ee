import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { toProtocolRequest } from '../common/http/protocol-request';
import { Principal } from '../principal/principal';
import { User } from '../users/user.entity';
import { RequestAuthenticator } from './request-authenticator.service';

const OAUTH_RULE = 'consentry:oauth-rule';

/**
 * For Nest applications in this process: the route requires an OAuth 1.0a-signed or Bearer
 * request whose effective rights include `rights`; the principal is then `@OAuthPrincipal()`.
 */
export function OAuthProtected(rule: { rights?: string[] } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(Public(), SetMetadata(OAUTH_RULE, rule), UseGuards(OAuthProtectedGuard));
}

export const OAuthPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal<User | null> | undefined =>
    ctx.switchToHttp().getRequest<FastifyRequest>().oauthPrincipal,
);

@Injectable()
export class OAuthProtectedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<{ rights?: string[] }>(OAUTH_RULE, [context.getHandler(), context.getClass()]) ??
      {};
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    // The gateway's decision, in-process: a refusal propagates to the exception filter, which
    // sends its WWW-Authenticate challenge. No API action names here: the route is the action.
    const use = { entry: 'gateway', actions: [], rights: rule.rights } as const;
    request.oauthPrincipal = await this.authenticator.authenticate(
      toProtocolRequest(request, this.config.publicOrigin),
      use,
    );
    return true;
  }
}
