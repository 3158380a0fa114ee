import { Body, Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { constantTimeEqual } from '../common/crypto/tokens';
import { ErrorBody } from '../common/errors/error-body.dto';
import { firstHeader, ProtocolRequest } from '../common/http/protocol-request';
import { Principal } from '../access/principal';
import { User } from '../users/user.entity';
import { VerifyResponse } from './dto/verify.response';
import { VerifyRequestDto } from './dto/verify-request.dto';
import { RequestAuthenticator } from './request-authenticator.service';

interface Rendered { body: string; headers: Record<string, string> }

/** For gateways in front of the protected API (reference 8): who is this request? */
@ApiTags('gateway')
@Public()
@Controller('auth/verify')
export class VerifyController {
  private readonly rendered = new WeakMap<Principal<User | null>, Rendered>();

  constructor(private readonly authenticator: RequestAuthenticator, private readonly config: AppConfig) {}

  /**
   * nginx `auth_request`, Traefik `forwardAuth`: the original request
   * is described by X-Original-* / X-Forwarded-* headers; the answer is 200 with X-Auth-* headers.
   */
  @Get()
  @ApiOperation({ summary: 'Authenticate the request a gateway is forwarding (nginx auth_request style)', description: 'Reads Authorization, X-Original-Method (or X-Forwarded-Method), X-Original-URI (or X-Forwarded-Uri, -Host, -Proto). The client address comes from X-Forwarded-For when the peer is in TRUST_PROXY. OAuth 1.0a signatures over a form body need POST /auth/verify.' })
  @ApiOkResponse({ type: VerifyResponse, description: 'Also as headers: X-Auth-User-Id, X-Auth-User-Name, X-Auth-Consumer-Key, X-Auth-Grants, X-Auth-Rights, X-Auth-OAuth-Version.' })
  @ApiUnauthorizedResponse({ type: ErrorBody }) @ApiForbiddenResponse({ type: ErrorBody })
  async forward(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const proto = firstHeader(req, 'x-forwarded-proto')?.split(',')[0].trim() ?? req.protocol;
    const host = firstHeader(req, 'x-forwarded-host')?.split(',')[0].trim() ?? req.host;
    const uri = firstHeader(req, 'x-original-uri') ?? firstHeader(req, 'x-forwarded-uri') ?? '/';
    const method = (firstHeader(req, 'x-original-method') ?? firstHeader(req, 'x-forwarded-method') ?? 'GET').toUpperCase();
    await this.answer(reply, {
      method, url: `${proto}://${host}${uri.startsWith('/') ? uri : `/${uri}`}`, authorization: firstHeader(req, 'authorization'), clientIp: req.ip,
    }, true);
  }

  /** The whole request as JSON, for gateways that also forward a form body; gateways only. */
  @Post() @HttpCode(200)
  @ApiOperation({ summary: 'Authenticate a request described as JSON (gateways only)', description: 'Send the shared GATEWAY_SECRET in X-Gateway-Secret, so that nobody else can probe tokens here.' })
  @ApiHeader({ name: 'X-Gateway-Secret', required: true })
  @ApiBody({ type: VerifyRequestDto })
  @ApiOkResponse({ type: VerifyResponse }) @ApiUnauthorizedResponse({ type: ErrorBody }) @ApiForbiddenResponse({ type: ErrorBody })
  async json(@Body() body: VerifyRequestDto, @Headers('x-gateway-secret') secret: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const expected = this.config.gateway.secret;
    if (!expected || !secret || !constantTimeEqual(expected, secret)) {
      await reply.code(403).send({ error: 'gateway_forbidden', message: expected ? 'Send the gateway secret in X-Gateway-Secret.' : 'GATEWAY_SECRET is not configured on this server.' });
      return;
    }
    const headers = Object.fromEntries(Object.entries(body.headers).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v : undefined]));
    await this.answer(reply, {
      method: body.method, url: body.url, authorization: headers.authorization, contentType: headers['content-type'], rawBody: body.body, clientIp: body.clientIp,
    }, false);
  }

  /** A refusal (AuthRefusal) goes to the one exception filter, which writes it with its challenge. */
  private async answer(reply: FastifyReply, request: ProtocolRequest, asHeaders: boolean): Promise<void> {
    reply.header('Cache-Control', 'no-store');
    const principal = await this.authenticator.authenticate(request);
    const rendered = this.render(principal);
    if (asHeaders) reply.headers(rendered.headers);
    await reply.code(200).type('application/json; charset=utf-8').send(rendered.body);
  }

  /** The authenticator shares one frozen principal across requests: its answer is rendered once. */
  private render(principal: Principal<User | null>): Rendered {
    let rendered = this.rendered.get(principal);
    if (!rendered) {
      const answer = toVerifyResponse(principal);
      rendered = {
        body: JSON.stringify(answer),
        headers: {
          'X-Auth-User-Id': answer.user ? String(answer.user.id) : '0',
          'X-Auth-User-Name': answer.user ? encodeURIComponent(answer.user.name) : '',
          'X-Auth-Consumer-Key': answer.consumer.key,
          'X-Auth-OAuth-Version': String(answer.oauthVersion),
          'X-Auth-Grants': answer.grants.join(' '),
          'X-Auth-Rights': answer.rights.join(' '),
        },
      };
      this.rendered.set(principal, rendered);
    }
    return rendered;
  }
}

/** The one place a principal becomes the gateway's answer. */
function toVerifyResponse(principal: Principal<User | null>): VerifyResponse {
  const { user, consumer } = principal;
  return {
    user: user ? { id: user.id, name: user.username, groups: [...principal.groups] } : null,
    consumer: { key: consumer!.consumerKey, name: consumer!.name, version: consumer!.version, ownerOnly: consumer!.ownerOnly },
    oauthVersion: principal.via === 'oauth1' ? 1 : 2, grants: [...principal.grants!], rights: [...principal.rights].sort(),
    restrictions: [...consumer!.restrictions], tokenId: principal.tokenId!, expiresAt: principal.expiresAt?.toISOString() ?? null,
  };
}
