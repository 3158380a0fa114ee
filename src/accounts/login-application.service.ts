import { Injectable, Logger } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { RequestTokens } from '../oauth1/request-tokens';
import { parseSpecialTitle } from '../protocol/mediawiki-pages';

const BASE = 'http://consentry.invalid';
const OAUTH2_AUTHORIZE = new Set(['/oauth2/authorize', '/w/rest.php/oauth2/authorize']);
const OAUTH1_PATHS = new Set(['/oauth1/authorize', '/oauth1/authenticate']);
const OAUTH1_TITLE_PATHS = new Set(['/w/index.php', '/index.php']);

type Asking = { entry: 'oauth2.authorize'; consumerKey: string } | { entry: 'oauth1.authorize'; consumerKey: string };

/**
 * The application a login was asked for, when the login page's `returnTo` is an authorization
 * step: "<name> wants you to log in to continue". Only an application that could be authorized
 * right now is named (approved, not owner-only, not suppressed, the right protocol), so a proposal
 * cannot borrow this page to look official; an OAuth 1.0a request token gives its consumer
 * itself, so a link cannot name another application than the one the consent page will show.
 * Anything unknown or malformed names nothing, and never fails the login page.
 */
@Injectable()
export class LoginApplication {
  private readonly logger = new Logger('LoginApplication');

  constructor(
    private readonly lookup: ConsumerLookup,
    private readonly requestTokens: RequestTokens,
    private readonly policy: AccessPolicy,
  ) {}

  /** `returnTo` has been through safeReturnTo(): a path on this site. */
  async nameFor(returnTo: string): Promise<string | undefined> {
    try {
      const asking = await this.asking(new URL(returnTo, BASE));
      if (!asking) return undefined;
      const consumer = await this.lookup.findByKeyCached(asking.consumerKey);
      if (!consumer || !this.policy.isUsableBy(consumer, null)) return undefined;
      if (this.policy.checkClient({ entry: asking.entry }, consumer)) return undefined;
      return consumer.name;
    } catch (error) {
      this.logger.debug(`No application named on the login page: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async asking(url: URL): Promise<Asking | undefined> {
    const query = url.searchParams;
    if (OAUTH2_AUTHORIZE.has(url.pathname)) {
      const clientId = only(query, 'client_id');
      return clientId ? { entry: 'oauth2.authorize', consumerKey: clientId } : undefined;
    }
    if (!isOAuth1Authorize(url)) return undefined;
    const token = only(query, 'oauth_token') ?? only(query, 'requestToken');
    const record = token ? await this.requestTokens.find(token) : null;
    if (!record) return undefined;
    // As the consent step does (oauth1.service.ts#pendingConsent): a key that is not the token's is refused there.
    const named = only(query, 'oauth_consumer_key') ?? only(query, 'consumerKey');
    if (named !== undefined && named !== record.consumerKey) return undefined;
    return { entry: 'oauth1.authorize', consumerKey: record.consumerKey };
  }
}

/** `/oauth1/authorize`, and MediaWiki's `Special:OAuth/authorize` addresses (docs/oauth1.md). */
function isOAuth1Authorize(url: URL): boolean {
  if (OAUTH1_PATHS.has(url.pathname)) return true;
  let title: string | undefined;
  if (OAUTH1_TITLE_PATHS.has(url.pathname)) title = only(url.searchParams, 'title');
  else if (url.pathname.startsWith('/wiki/')) title = decodeURIComponent(url.pathname.slice('/wiki/'.length));
  const special = title === undefined ? null : parseSpecialTitle(title);
  const step = special?.page === 'OAuth' ? special.subpage?.toLowerCase() : undefined;
  return step === 'authorize' || step === 'authenticate';
}

/** A parameter given once; a repeated one names nothing. */
function only(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}
