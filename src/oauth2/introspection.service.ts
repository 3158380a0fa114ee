import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { OAuth2ProtocolError } from '../protocol/oauth2';
import { AccessTokenVerifier } from './access-token-verifier.service';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { ClientAuthenticator } from './client-authenticator.service';
import { formParams } from './form-params';
import { TokenStore } from '../tokens/token-store.service';

/**
 * RFC 7662 introspection and RFC 7009 revocation. Callers authenticate as a client and see
 * (or revoke) only their own tokens: anything else is `{ active: false }` / a silent 200.
 */
@Injectable()
export class IntrospectionEndpoints {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly verifier: AccessTokenVerifier,
    private readonly bearer: BearerAuthenticator,
    private readonly store: TokenStore,
    private readonly config: AppConfig,
  ) {}

  async introspect(request: ProtocolRequest, body: unknown): Promise<Record<string, unknown>> {
    const params = formParams(request, body);
    const { consumer, method } = await this.clients.authenticate(
      { authorization: request.authorization, body: params, clientIp: request.clientIp },
      this.config.publicUrl,
    );
    // RFC 7662 §2.1: the caller must authenticate; a public client cannot.
    if (method === 'none')
      throw OAuth2ProtocolError.invalidClient(
        'Introspection needs client authentication; public clients cannot introspect.',
      );
    const token = this.requireToken(params.token);
    // Active: the token is good and the access policy would let it be used now (RFC 7662 §2.2).
    const access = await this.bearer.authenticate(token, { entry: 'introspection' }).then(
      (a) => a.access,
      () => undefined,
    );
    if (access) {
      if (access.consumer.id !== consumer.id) return { active: false };
      const p = access.payload;
      return {
        active: true,
        token_type: 'Bearer',
        scope: access.scopes.join(' '),
        client_id: consumer.consumerKey,
        iss: p.iss,
        aud: p.aud,
        exp: p.exp,
        iat: p.iat,
        nbf: p.nbf,
        jti: p.jti,
        ...(access.user ? { sub: String(access.user.id), username: access.user.username } : {}),
      };
    }
    const refresh = await this.store.findRefresh(token);
    if (
      !refresh ||
      refresh.consumerId !== consumer.id ||
      refresh.revokedAt ||
      refresh.consumedAt ||
      refresh.expiresAt <= new Date()
    )
      return { active: false };
    return {
      active: true,
      token_type: 'refresh_token',
      scope: refresh.scopes.join(' '),
      client_id: consumer.consumerKey,
      exp: Math.floor(refresh.expiresAt.getTime() / 1000),
      iat: Math.floor(refresh.createdAt.getTime() / 1000),
      ...(refresh.userId !== null ? { sub: String(refresh.userId) } : {}),
    };
  }

  /** RFC 7009 §2.1: revoking a refresh token also revokes the access tokens of its grant (its family). */
  async revoke(request: ProtocolRequest, body: unknown): Promise<void> {
    const params = formParams(request, body);
    const { consumer } = await this.clients.authenticate(
      { authorization: request.authorization, body: params, clientIp: request.clientIp },
      this.config.publicUrl,
    );
    const token = this.requireToken(params.token);
    const refresh = await this.store.findRefresh(token);
    if (refresh && refresh.consumerId === consumer.id) {
      await this.store.revokeFamily(refresh.familyId);
      return;
    }
    const access = await this.verifier.verify(token).catch(() => undefined);
    if (access && access.consumer.id === consumer.id) await this.store.revoke(access.token.id);
    // §2.2: an unknown or foreign token is not an error.
  }

  private requireToken(token: string | undefined): string {
    if (!token) throw OAuth2ProtocolError.invalidRequest('token is required.');
    if (token.length > 4096) throw OAuth2ProtocolError.invalidRequest('token is too long.');
    return token;
  }
}
