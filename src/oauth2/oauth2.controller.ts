import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { ReadsOnly, Writes } from '../common/read-only/read-only.decorators';
import { toProtocolRequest } from '../common/http/protocol-request';
import { buildWwwAuthenticate, extractBearerToken, OAuth2ProtocolError, OPENID_SCOPE } from '../protocol/oauth2';
import { AccessDenied } from '../access/access-denied';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { resourceRefusal } from './resource-refusals';
import { AuthorizeEndpoint } from './authorize-endpoint.service';
import { Discovery } from './discovery';
import { IntrospectionEndpoints } from './introspection.service';
import { SigningKeys } from '../keys/signing-keys.service';
import { ProfileClaims } from './profile-claims';
import { TokenEndpoint } from './token-endpoint.service';

type Params = Record<string, unknown>;

/** OAuth 2.0 at `/oauth2/*` and at MediaWiki's `/w/rest.php/oauth2/*`. */
@ApiExcludeController()
@Public()
@Controller(['oauth2', 'w/rest.php/oauth2'])
export class OAuth2Controller {
  constructor(
    private readonly config: AppConfig,
    private readonly authorize: AuthorizeEndpoint,
    private readonly tokenEndpoint: TokenEndpoint,
    private readonly introspection: IntrospectionEndpoints,
    private readonly bearer: BearerAuthenticator,
    private readonly profile: ProfileClaims,
    private readonly keys: SigningKeys,
  ) {}

  // Leads only to a new code and token (docs/operations.md#read-only-mode).
  @Get('authorize')
  @Writes()
  authorizeGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params) {
    return this.authorize.begin(
      req,
      reply,
      query,
      req.url.startsWith('/w/') ? '/w/rest.php/oauth2/authorize' : '/oauth2/authorize',
    );
  }

  @Post('authorize')
  authorizePost(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Params | undefined) {
    return this.authorize.decide(req, reply, body ?? {});
  }

  @Post(['token', 'access_token'])
  @HttpCode(200)
  async token(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    noStore(reply);
    return this.tokenEndpoint.exchange(toProtocolRequest(req, this.config.publicOrigin), body);
  }

  @Post('introspect')
  @ReadsOnly()
  @HttpCode(200)
  async introspect(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    noStore(reply);
    return this.introspection.introspect(toProtocolRequest(req, this.config.publicOrigin), body);
  }

  @Post('revoke')
  @HttpCode(200)
  async revoke(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<Record<string, never>> {
    noStore(reply);
    await this.introspection.revoke(toProtocolRequest(req, this.config.publicOrigin), body);
    return {};
  }

  @Get('jwks')
  jwks() {
    return this.keys.jwks();
  }

  /** OIDC Core §5.3.1: userinfo answers POST as well as GET. */
  @Post('userinfo')
  @HttpCode(200)
  @ReadsOnly()
  userinfoPost(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.resource(req, undefined, reply, body);
  }

  /**
   * OIDC Core §5.3 and docs/mediawiki-compatibility.md#rest: who the token's user is, in MediaWiki's and OIDC's
   * names.
   */
  @Get(['resource/:type', 'userinfo'])
  async resource(
    @Req() req: FastifyRequest,
    @Param('type') type: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    noStore(reply);
    if (type !== undefined && type !== 'profile' && type !== 'scopes')
      throw OAuth2ProtocolError.invalidRequest('Invalid resource type: use profile or scopes.');
    const bearer = extractBearerToken({
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: body as Record<string, unknown>,
      query: req.query as Record<string, unknown>,
      method: req.method,
    });
    // RFC 6750 §3.1: no credentials at all gets a challenge without an error code.
    if (!bearer)
      throw new OAuth2ProtocolError('invalid_request', 'A Bearer access token is required.', 401, {
        'WWW-Authenticate': buildWwwAuthenticate({ realm: this.config.publicUrl }),
      });
    // Identity endpoints: identity-only tokens are what they are for; only `scopes` serves app-only tokens.
    const use = { entry: 'resource', identity: true, needsUser: type !== 'scopes' } as const;
    const { principal, access } = await this.bearer.authenticate(bearer, use, req.ip).catch((error: unknown) => {
      throw error instanceof AccessDenied ? resourceRefusal(error, this.config.publicUrl) : error;
    });
    // The scopes resource lists the client's registered grants (docs/mediawiki-compatibility.md#rest).
    if (type === 'scopes') return { scopes: access.consumer.grants };
    // OIDC Core §5.3: userinfo serves tokens issued for OpenID Connect; MediaWiki's profile serves any.
    if (type === undefined && !access.scopes.includes(OPENID_SCOPE)) {
      const description = 'userinfo needs an access token issued with the openid scope.';
      throw OAuth2ProtocolError.insufficientScope(description, OPENID_SCOPE, this.config.publicUrl);
    }
    const user = principal.user!;
    return type === 'profile'
      ? this.profile.profile({ ...principal, user })
      : { sub: String(user.id), ...this.profile.oidc(user, principal.grants!) };
  }
}

/** RFC 8414 §3 and OpenID Connect Discovery §4. */
@ApiExcludeController()
@Public()
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly discovery: Discovery) {}

  @Get(['oauth-authorization-server', 'openid-configuration'])
  metadata() {
    return this.discovery.metadata();
  }
}

function noStore(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}
