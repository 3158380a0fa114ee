import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppConfig } from '../common/config/app-config.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { ConsumerCredentials } from '../consumers/consumer-credentials';
import { EffectiveRights } from '../grants/effective-rights';
import { GrantCatalog } from '../grants/grant-catalog';
import { UserRights } from '../users/user-rights';
import { UsersService } from '../users/users.service';
import { E } from './oauth1-errors';
import { OAuth1Verifier } from './oauth1-verifier.service';

/** JWT lifetime of `identify` (reference 2.7): 100 seconds. */
const IDENTIFY_TTL_SECONDS = 100;

/** MediaWiki's TS_MW timestamp: YYYYMMDDHHMMSS, UTC. */
function tsMw(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * `identify` (reference 2.7): who authorized this access token, as an HS256 JWT signed with the
 * consumer secret, so the client can check it came from us. Real name and email only under
 * `mwoauth-authonlyprivate` or a grant carrying `viewmyprivateinfo`.
 */
@Injectable()
export class IdentifyService {
  constructor(
    private readonly config: AppConfig,
    private readonly verifier: OAuth1Verifier,
    private readonly authorizations: AuthorizationsService,
    private readonly credentials: ConsumerCredentials,
    private readonly users: UsersService,
    private readonly userRights: UserRights,
    private readonly effective: EffectiveRights,
    private readonly grants: GrantCatalog,
  ) {}

  async identify(request: ProtocolRequest): Promise<string> {
    const { consumer, oauth, authorization } = await this.verifier.verify(request, 'resource');
    const user = await this.users.findById(authorization!.userId);
    if (!user || user.locked || user.blocked) throw E.blockedUser();
    if (!this.authorizations.isUsableBy(consumer, user.id)) throw E.notApproved();
    const secret = await this.credentials.secretOf(consumer);
    if (secret === undefined) throw E.noSecret();
    const grants = authorization!.grants;
    const claims: Record<string, unknown> = {
      nonce: oauth.oauth_nonce,
      username: user.username,
      editcount: 0,
      confirmed_email: user.emailVerified,
      email_verified: user.emailVerified,
      blocked: user.blocked,
      registered: tsMw(user.registeredAt),
      groups: this.userRights.groups(user),
      rights: [...this.effective.of(user, grants)].sort(),
      grants,
    };
    // Reference 3.7: the email only once confirmed.
    if (this.grants.seesPrivateInfo(grants)) Object.assign(claims, { realname: user.realName, email: user.emailVerified ? user.email ?? '' : '' });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.config.publicUrl)
      .setSubject(String(user.id))
      .setAudience(consumer.consumerKey)
      .setIssuedAt()
      .setExpirationTime(`${IDENTIFY_TTL_SECONDS}s`)
      .sign(new TextEncoder().encode(secret));
  }
}
