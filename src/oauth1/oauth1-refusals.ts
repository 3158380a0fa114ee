import { AccessDenied } from '../access/access-denied';
import { Entry } from '../access/facts';
import { Reason } from '../access/reasons';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { E } from './oauth1-errors';

/** Leg 2 and 3 answer with MediaWiki's server errors (E005, E007); resource requests with its authorization ones. */
const IN_FLOW = new Set<Entry>(['oauth1.initiate', 'oauth1.authorize', 'oauth1.token']);

/** The refusal as OAuth 1.0a answers it at `entry`; any other error as it is. */
export function asOAuth1Error(error: unknown, entry: Entry): unknown {
  return error instanceof AccessDenied ? oauth1Refusal(error, entry) : error;
}

/**
 * OAuth 1.0a's answer for each reason code (docs/security.md "Reason codes"): MediaWiki's keys
 * and E-codes (docs/mediawiki-compatibility.md#errors), so clients written for it match on them.
 */
export function oauth1Refusal(refused: { reason: Reason; message: string }, entry: Entry): OAuth1ProtocolError {
  const inFlow = IN_FLOW.has(entry);
  switch (refused.reason) {
    case 'consumer_unknown':
      return E.badConsumerKey();
    case 'consumer_wrong_version':
      return E.badConsumerVersion();
    case 'consumer_owner_only':
      return inFlow ? E.ownerOnly() : E.notApproved();
    case 'consumer_not_approved':
      return inFlow ? E.badConsumer() : E.notApproved();
    case 'ip_not_allowed':
      return E.badSourceIp();
    case 'authorization_missing':
      return E.accessTokenNotFound();
    case 'wrong_wiki':
      return E.wrongWiki();
    case 'user_blocked':
    case 'user_locked':
      return inFlow ? E.insufficientRights() : E.blockedUser();
    case 'right_missing':
      return new OAuth1ProtocolError('mwoauthserver-insufficient-rights', `${refused.message} (E007)`, 401);
    default:
      return new OAuth1ProtocolError('mwoauth-invalid-authorization', refused.message, 401);
  }
}
