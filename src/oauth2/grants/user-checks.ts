import { Injectable } from '@nestjs/common';
import { Authorization } from '../../authorizations/authorization.entity';
import { AuthorizationsService } from '../../authorizations/authorizations.service';
import { Consumer } from '../../consumers/consumer.entity';
import { OAuth2ProtocolError } from '../../protocol/oauth2';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';

/** The checks every user-bound grant repeats: the authorization still exists, the user may still act, the consumer is still usable. */
@Injectable()
export class GrantChecks {
  constructor(private readonly authorizations: AuthorizationsService, private readonly users: UsersService) {}

  /**
   * Read through the hot-path caches, as the request authenticator does: any write here drops
   * them at once, and other instances' within a second. A token row for an authorization deleted
   * in that second cannot be stored (its foreign key), so it is never issued.
   */
  async userGrant(consumer: Consumer, authorizationId: number | null, userId: number | null): Promise<{ authorization: Authorization; user: User }> {
    const authorization = authorizationId === null ? null : await this.authorizations.findByIdCached(authorizationId);
    if (!authorization || authorization.consumerId !== consumer.id || authorization.userId !== userId) {
      throw OAuth2ProtocolError.invalidGrant('The authorization behind this grant was revoked.');
    }
    const user = await this.users.findByIdCached(authorization.userId);
    if (!user || user.blocked || user.locked) throw OAuth2ProtocolError.invalidGrant('The user may not use applications now.');
    if (!this.authorizations.isUsableBy(consumer, user.id)) throw OAuth2ProtocolError.invalidGrant('This client is not approved for use.');
    return { authorization, user };
  }
}
