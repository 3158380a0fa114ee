import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy } from '../access/access-policy';
import { AppConfig } from '../common/config/app-config.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { ConsumerCredentials } from '../consumers/consumer-credentials';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UsersService } from '../users/users.service';
import { E } from './oauth1-errors';

import { OAuth1Verifier } from './oauth1-verifier.service';

/** JWT lifetime of `identify` (docs/mediawiki-compatibility.md#identify): 100 seconds. */
const IDENTIFY_TTL_SECONDS = 100;

/** MediaWiki's TS_MW timestamp: YYYYMMDDHHMMSS, UTC. */
function tsMw(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * `identify` (docs/mediawiki-compatibility.md#identify): who authorized this access token, as an
 * HS256 JWT signed with the consumer secret, so the client can check it came from us. Real name and
 * email only under `mwoauth-authonlyprivate` or a grant carrying `viewmyprivateinfo`.
 */
@Injectable()
export class IdentifyService {
  constructor(
    private readonly config: AppConfig,
    private readonly verifier: OAuth1Verifier,
    private readonly credentials: ConsumerCredentials,
    private readonly users: UsersService,
    private readonly grants: GrantCatalog,
    private readonly policy: AccessPolicy,
  ) {}

  async identify(request: ProtocolRequest): Promise<string> {
    const use = { entry: 'resource', identity: true, needsUser: true } as const;
    const { consumer, oauth, authorization } = await this.verifier.verify(request, 'resource', use);
    const user = await this.users.findById(authorization!.userId);
    const decision = this.policy.decide({
      use,
      user,
      consumer,
      authorization: authorization!,
      clientIp: request.clientIp,
    });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    const identified = user!;
    const secret = await this.credentials.secretOf(consumer);
    if (secret === undefined) throw E.noSecret();
    const grants = decision.grants!;
    const claims: Record<string, unknown> = {
      nonce: oauth.oauth_nonce,
      username: identified.username,
      editcount: 0,
      confirmed_email: identified.emailVerified,
      email_verified: identified.emailVerified,
      blocked: identified.blocked,
      registered: tsMw(identified.registeredAt),
      groups: decision.groups,
      rights: [...decision.rights].sort(),
      grants,
    };
    // The email only once confirmed (docs/mediawiki-compatibility.md#identify).
    if (this.grants.seesPrivateInfo(grants))
      Object.assign(claims, {
        realname: identified.realName,
        email: identified.emailVerified ? (identified.email ?? '') : '',
      });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.config.publicUrl)
      .setSubject(String(identified.id))
      .setAudience(consumer.consumerKey)
      .setIssuedAt()
      .setExpirationTime(`${IDENTIFY_TTL_SECONDS}s`)
      .sign(new TextEncoder().encode(secret));
  }
}
