import { Injectable } from '@nestjs/common';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerCredentials } from '../consumers/consumer-credentials';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { AccessPolicy } from '../access/access-policy';
import { basicChallenge, OAuth2ProtocolError, parseClientSecretBasic } from '../protocol/oauth2';
import { tokenRefusal } from './token-refusals';

export interface ClientRequest {
  authorization?: string;
  body: Record<string, unknown>;
  clientIp: string;
}

export interface AuthenticatedClient {
  consumer: Consumer;
  /** `none`: a public client identified by client_id alone (it must then prove PKCE). */
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3):
 * `client_secret_basic`, `client_secret_post`, or `none` for public clients. Secrets are
 * compared in constant time; an unknown client costs a comparison too.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly lookup: ConsumerLookup,
    private readonly credentials: ConsumerCredentials,
    private readonly policy: AccessPolicy,
  ) {}

  async authenticate(request: ClientRequest, realm: string): Promise<AuthenticatedClient> {
    const basic = parseClientSecretBasic(request.authorization, realm);
    const bodyId = str(request.body.client_id);
    const bodySecret = str(request.body.client_secret);
    // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
    if (basic && bodySecret !== undefined)
      throw OAuth2ProtocolError.invalidRequest('Use one client authentication method, not two.');
    if (basic && bodyId !== undefined && bodyId !== basic.clientId)
      throw OAuth2ProtocolError.invalidRequest('client_id does not match the Authorization header.');
    const clientId = basic?.clientId ?? bodyId;
    const secret = basic?.clientSecret ?? bodySecret;
    if (!clientId) throw OAuth2ProtocolError.invalidClient('Client authentication is required.', basicChallenge(realm));
    const invalid = () =>
      OAuth2ProtocolError.invalidClient('Client authentication failed.', basic ? basicChallenge(realm) : undefined);
    // The hot-path cache: token and introspection requests authenticate the same few clients over and over.
    const consumer = await this.lookup.findByKeyCached(clientId);
    if (!consumer) throw invalid();
    if (consumer.oauth2IsConfidential) {
      if (!secret || !(await this.credentials.verify(consumer, secret))) throw invalid();
    } else if (secret) {
      // A public client has no secret; one that sends a secret is not who it claims to be.
      throw invalid();
    }
    // Suppressed, another OAuth version, or outside its IP allow-list (for OAuth 2 too:
    // docs/mediawiki-compatibility.md#ip-restrictions).
    const refused = this.policy.checkClient({ entry: 'oauth2.client' }, consumer, request.clientIp);
    if (refused) throw refused.reason === 'ip_not_allowed' ? tokenRefusal(refused) : invalid();
    return {
      consumer,
      method: !consumer.oauth2IsConfidential ? 'none' : basic ? 'client_secret_basic' : 'client_secret_post',
    };
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
