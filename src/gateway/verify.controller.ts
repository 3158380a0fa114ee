import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { ReadsOnly } from '../common/read-only/read-only.decorators';
import { ErrorBody } from '../common/errors/error-body.dto';
import { forwardedRequest, ProtocolRequest } from '../common/http/protocol-request';
import { Principal } from '../principal/principal';
import { GatewayRequestError } from '../protocol/gateway-headers';
import { User } from '../users/user.entity';
import { VerifyResponse } from './dto/verify.response';
import { describedHeaders } from './dto/verify-headers';
import { VerifyRequestDto } from './dto/verify-request.dto';
import { GATEWAY_SECRET_ROUTE } from './gateway-secret.hook';
import { assertBodyShown, descriptionRefusal } from './gateway-refusals';
import { RequestAuthenticator } from './request-authenticator.service';
import { isSnapshot, SnapshotMemo } from '../database/cache/snapshot';

interface Rendered {
  body: string;
  headers: Record<string, string>;
}

const DESCRIBED_BY =
  'Reads Authorization, X-Original-Method or X-Forwarded-Method, X-Original-URI or X-Forwarded-Uri ' +
  '(both: they must agree), X-Forwarded-Host and -Proto, only from a peer in TRUST_PROXY; ' +
  'the client address comes from X-Forwarded-For. With DISABLED_API_ACTIONS set, only GET and HEAD are answered ' +
  'here: other requests may carry parameters in a body, which POST /auth/verify must be shown.';
const JSON_API =
  'Send the shared GATEWAY_SECRET in X-Gateway-Secret, so that nobody else can probe tokens here; it is checked ' +
  'before the body is read. With DISABLED_API_ACTIONS set, a request other than GET or HEAD needs its `body` ' +
  '(an empty string for none).';
const AS_HEADERS =
  'Also as headers: X-Auth-User-Id, X-Auth-User-Name, X-Auth-Consumer-Key, X-Auth-Grants, X-Auth-Rights, ' +
  'X-Auth-OAuth-Version.';

/** For gateways in front of the protected API (docs/mediawiki-compatibility.md#gateway): who is this request? */
@ApiTags('gateway')
@Public()
@Controller('auth/verify')
export class VerifyController {
  private readonly rendered = new SnapshotMemo<Principal<User | null>, Rendered>();

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly config: AppConfig,
  ) {}

  /**
   * nginx `auth_request`, Caddy `forward_auth`, Traefik `forwardAuth`: the original request is
   * described by X-Original-* / X-Forwarded-* headers; the answer is 200 with X-Auth-* headers.
   */
  @Get()
  @ApiOperation({
    summary: 'Authenticate the request a gateway is forwarding (nginx auth_request, Caddy forward_auth)',
    description: DESCRIBED_BY,
  })
  @ApiOkResponse({ type: VerifyResponse, description: AS_HEADERS })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiUnauthorizedResponse({ type: ErrorBody })
  @ApiForbiddenResponse({ type: ErrorBody })
  async forward(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const disabled = this.config.gateway.disabledActions;
    const request = described(() => forwardedRequest(req, this.config.trustProxy, disabled.length > 0));
    assertBodyShown(request, undefined, disabled);
    await this.answer(reply, request, true);
  }

  /** The whole request as JSON, for gateways that also forward a form body; gateways only. */
  @Post()
  @ReadsOnly()
  @HttpCode(200)
  @RouteConfig({ [GATEWAY_SECRET_ROUTE]: true })
  @ApiOperation({ summary: 'Authenticate a request described as JSON (gateways only)', description: JSON_API })
  @ApiHeader({ name: 'X-Gateway-Secret', required: true })
  @ApiBody({ type: VerifyRequestDto })
  @ApiOkResponse({ type: VerifyResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiUnauthorizedResponse({ type: ErrorBody })
  @ApiForbiddenResponse({ type: ErrorBody })
  async json(@Body() body: VerifyRequestDto, @Res() reply: FastifyReply): Promise<void> {
    const headers = describedHeaders(body.headers);
    const request: ProtocolRequest = {
      method: body.method,
      url: body.url,
      authorization: headers.authorization,
      contentType: headers['content-type'],
      rawBody: body.body,
      clientIp: body.clientIp,
    };
    assertBodyShown(request, headers['content-encoding'], this.config.gateway.disabledActions);
    await this.answer(reply, request, false);
  }

  /** A refusal (AuthRefusal) goes to the one exception filter, which writes it with its challenge. */
  private async answer(reply: FastifyReply, request: ProtocolRequest, asHeaders: boolean): Promise<void> {
    reply.header('Cache-Control', 'no-store');
    const principal = await this.authenticator.authenticate(request);
    const rendered = this.render(principal);
    if (asHeaders) reply.headers(rendered.headers);
    await reply.code(200).type('application/json; charset=utf-8').send(rendered.body);
  }

  /** The authenticators share one principal snapshot across requests: its answer is rendered once. */
  private render(principal: Principal<User | null>): Rendered {
    return isSnapshot(principal) ? this.rendered.get(principal, renderAnswer) : renderAnswer(principal);
  }
}

/** A description refused (GatewayRequestError) becomes the gateway's 400/403. */
function described(read: () => ProtocolRequest): ProtocolRequest {
  try {
    return read();
  } catch (error) {
    throw error instanceof GatewayRequestError ? descriptionRefusal(error) : error;
  }
}

/** The one place a principal becomes the gateway's answer. */
function toVerifyResponse(principal: Principal<User | null>): VerifyResponse {
  const { user, consumer } = principal;
  return {
    user: user ? { id: user.id, name: user.username, groups: [...principal.groups] } : null,
    consumer: {
      key: consumer!.consumerKey,
      name: consumer!.name,
      version: consumer!.version,
      ownerOnly: consumer!.ownerOnly,
    },
    oauthVersion: principal.via === 'oauth1' ? 1 : 2,
    grants: [...principal.grants!],
    rights: [...principal.rights].sort(),
    restrictions: [...consumer!.restrictions],
    tokenId: principal.tokenId!,
    expiresAt: principal.expiresAt?.toISOString() ?? null,
  };
}

function renderAnswer(principal: Principal<User | null>): Rendered {
  const answer = toVerifyResponse(principal);
  return {
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
}
