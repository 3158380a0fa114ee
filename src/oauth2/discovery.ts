import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { GrantCatalog } from '../catalog/grant-catalog';
import { OPENID_SCOPE, PROMPT_VALUES } from '../protocol/oauth2';

/** RFC 8414 authorization server metadata, also served as OpenID Connect Discovery 1.0. */
@Injectable()
export class Discovery {
  constructor(
    private readonly config: AppConfig,
    private readonly grants: GrantCatalog,
  ) {}

  metadata(): Record<string, unknown> {
    const url = (path: string) => this.config.url(path);
    return {
      issuer: this.config.publicUrl,
      authorization_endpoint: url('/oauth2/authorize'),
      token_endpoint: url('/oauth2/token'),
      jwks_uri: url('/oauth2/jwks'),
      userinfo_endpoint: url('/oauth2/userinfo'),
      introspection_endpoint: url('/oauth2/introspect'),
      revocation_endpoint: url('/oauth2/revoke'),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: this.config.oauth2.allowPlainPkce ? ['S256', 'plain'] : ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: [OPENID_SCOPE, ...this.grants.names],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [this.config.oauth2.signingAlg],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'preferred_username',
        'groups',
        'name',
        'email',
        'email_verified',
      ],
      authorization_response_iss_parameter_supported: true,
      // OpenID Connect Prompt Create 1.0 §4.1 defines this field; max_age needs none (OIDC Core §3.1.2.1).
      prompt_values_supported: [...PROMPT_VALUES],
      service_documentation: url('/docs'),
    };
  }
}
