import { IssuedTokens } from '../../tokens/token-issuer.service';
import { AuthenticatedClient } from '../client-authenticator.service';

/** What a grant handler gets: the authenticated client and the token request's parameters. */
export interface TokenRequestContext {
  client: AuthenticatedClient;
  params: Record<string, string | undefined>;
  clientIp: string;
}

/** One grant type (docs/development.md#house-rules): the token endpoint validates, authenticates, dispatches. */
export interface GrantHandler {
  readonly grantType: string;
  handle(context: TokenRequestContext): Promise<IssuedTokens & { id_token?: string }>;
}

export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
