import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../../access/access-policy';
import { Authorization } from '../../authorizations/authorization.entity';
import { AuthorizationsService } from '../../authorizations/authorizations.service';
import { Consumer } from '../../consumers/consumer.entity';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { tokenRefusal } from '../token-refusals';

/** What a grant handler asks before it issues: the access policy's decision on the grant's facts. */
@Injectable()
export class GrantChecks {
  constructor(
    private readonly authorizations: AuthorizationsService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
  ) {}

  /**
   * A grant that acts for a user: its authorization still there and theirs, the user and the
   * client still allowed. Read through the hot-path caches, as the gateway reads them: any write
   * drops them at once, other instances' within a second. A token row for an authorization deleted
   * in that second cannot be stored (its foreign key), so it is never issued.
   */
  async userGrant(
    grantType: string,
    consumer: Consumer,
    authorizationId: number | null,
    userId: number | null,
    clientIp: string,
  ): Promise<{ authorization: Authorization; user: User }> {
    const authorization = authorizationId === null ? null : await this.authorizations.findByIdCached(authorizationId);
    // The user the grant was issued to, while the authorization is still theirs.
    const user =
      authorization && authorization.userId === userId ? await this.users.findByIdCached(authorization.userId) : null;
    const decision = this.policy.decide({
      use: { entry: 'oauth2.token', grantType },
      user,
      consumer,
      authorization,
      clientIp,
    });
    // A client_credentials request is the client's own: an unusable client is unauthorized_client (RFC 6749 §5.2).
    if (!decision.allowed) throw tokenRefusal(decision, { clientCredentials: grantType === 'client_credentials' });
    return { authorization: authorization!, user: user! };
  }

  /** A grant that acts for no user (client credentials of a consumer that is not owner-only). */
  appGrant(grantType: string, consumer: Consumer, clientIp: string): void {
    const decision = this.policy.decide({ use: { entry: 'oauth2.token', grantType }, user: null, consumer, clientIp });
    if (!decision.allowed) throw tokenRefusal(decision, { clientCredentials: true });
  }
}
