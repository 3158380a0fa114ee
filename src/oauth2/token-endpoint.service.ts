import { Inject, Injectable } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy';
import { AppConfig } from '../common/config/app-config.service';
import { Metrics } from '../metrics/metrics.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { OAuth2ProtocolError, shownValue } from '../protocol/oauth2';
import { ClientAuthenticator } from './client-authenticator.service';
import { GRANT_HANDLERS, GrantHandler } from './grants/grant-handler';
import { formParams } from './form-params';
import { tokenRefusal } from './token-refusals';

/**
 * `POST /oauth2/token` (RFC 6749 §3.2): validate the request, authenticate the client, ask the
 * access policy whether the consumer may use this grant type (every client:
 * docs/mediawiki-compatibility.md#grant-types), dispatch.
 */
@Injectable()
export class TokenEndpoint {
  private readonly handlers: Map<string, GrantHandler>;

  constructor(
    @Inject(GRANT_HANDLERS) handlers: GrantHandler[],
    private readonly clients: ClientAuthenticator,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly policy: AccessPolicy,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.grantType, h]));
  }

  async exchange(request: ProtocolRequest, body: unknown) {
    const params = formParams(request, body);
    const client = await this.clients.authenticate(
      { authorization: request.authorization, body: params, clientIp: request.clientIp },
      this.config.publicUrl,
    );
    const grantType = params.grant_type;
    if (!grantType) throw OAuth2ProtocolError.invalidRequest('grant_type is required.');
    const handler = this.handlers.get(grantType);
    if (!handler) throw OAuth2ProtocolError.unsupportedGrantType(`Unsupported grant_type ${shownValue(grantType)}.`);
    // Checked before the handler spends a code or a refresh token.
    const refused = this.policy.checkClient({ entry: 'oauth2.token', grantType }, client.consumer, request.clientIp);
    if (refused) throw tokenRefusal(refused);
    const issued = await handler.handle({ client, params, clientIp: request.clientIp });
    this.metrics.tokens.inc({ grant_type: grantType });
    return issued;
  }
}
