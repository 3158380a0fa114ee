import { OAuth1ProtocolError } from '../protocol/oauth1/errors';

/**
 * MediaWiki's numbered errors (docs/mediawiki-compatibility.md#errors), as protocol errors. The E0xx code is
 * part of the message, as MediaWiki shows it, so clients written for it can match on it.
 */
export const E = {
  requestTokenNotFound: () =>
    new OAuth1ProtocolError(
      'mwoauthdatastore-request-token-not-found',
      'The request token was not found: it may have expired, restart the authorization. (E004)',
      401,
    ),
  badConsumer: () =>
    new OAuth1ProtocolError('mwoauthserver-bad-consumer', 'This application is not approved for use. (E005)', 401),
  badConsumerKey: () => new OAuth1ProtocolError('mwoauthserver-bad-consumer-key', 'Invalid consumer key. (E006)', 401),
  insufficientRights: () =>
    new OAuth1ProtocolError(
      'mwoauthserver-insufficient-rights',
      'Your account may not authorize applications: it is blocked or locked. (E007)',
      401,
    ),
  requestTokenUsed: () =>
    new OAuth1ProtocolError(
      'mwoauthdatastore-request-token-already-used',
      'The request token has already been used. (E009)',
      401,
    ),
  ownerOnly: () =>
    new OAuth1ProtocolError(
      'mwoauthserver-consumer-owner-only',
      'This owner-only application cannot be used in a three-legged flow; use its access token directly. (E010)',
      401,
    ),
  noSecret: () =>
    new OAuth1ProtocolError(
      'mwoauthserver-consumer-no-secret',
      'This application has neither a secret nor an RSA key. (E011)',
      401,
    ),
  badConsumerVersion: () =>
    new OAuth1ProtocolError(
      'mwoauthserver-bad-consumer-version',
      'This application uses another OAuth version. (E012)',
      400,
    ),
  missingVerifiedParams: () =>
    new OAuth1ProtocolError(
      'mwoauth-bad-request-missing-params',
      'The request is missing oauth_verifier or oauth_token. (E001)',
      400,
    ),
  badSourceIp: () =>
    new OAuth1ProtocolError(
      'mwoauthdatastore-bad-source-ip',
      'Requests from this IP address are not allowed for this application.',
      401,
    ),
  badToken: () =>
    new OAuth1ProtocolError('mwoauthdatastore-bad-token', 'The token does not belong to this application.', 401),
  badVerifier: () => new OAuth1ProtocolError('mwoauthdatastore-bad-verifier', 'The verifier is not valid.', 401),
  accessTokenNotFound: () =>
    new OAuth1ProtocolError(
      'mwoauthdatastore-access-token-not-found',
      'The access token was not found: the authorization may have been revoked.',
      401,
    ),
  blockedUser: () =>
    new OAuth1ProtocolError(
      'mwoauth-invalid-authorization-blocked-user',
      'The user who authorized this application is blocked or locked.',
      401,
    ),
  wrongWiki: () =>
    new OAuth1ProtocolError(
      'mwoauth-invalid-authorization-wrong-wiki',
      'The authorization is not for this target.',
      401,
    ),
  notApproved: () =>
    new OAuth1ProtocolError(
      'mwoauth-invalid-authorization-not-approved',
      'The application is not approved for use.',
      401,
    ),
};
