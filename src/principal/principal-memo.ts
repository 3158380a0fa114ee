import type { User } from '../users/user.entity';
import type { Allowed } from '../access/access-policy';
import type { Principal } from './principal';

type OAuthPrincipal = Principal<User | null>;

/**
 * One principal per credential row (an OAuth 2 token, an OAuth 1.0a authorization) while its
 * user, consumer and decided rights are the same objects. The hot-path caches replace those
 * objects on any write, and the policy returns the same rights object for the same user object
 * and grants, so a reused principal is always what a fresh one would be; callers share it,
 * and the gateway renders its answer once per principal.
 */
export class PrincipalMemo {
  private readonly bySource = new WeakMap<object, OAuthPrincipal>();

  get(
    source: object,
    facts: Pick<OAuthPrincipal, 'user' | 'consumer' | 'via' | 'tokenId' | 'expiresAt'>,
    decision: Allowed,
  ): OAuthPrincipal {
    const memo = this.bySource.get(source);
    if (memo && memo.user === facts.user && memo.consumer === facts.consumer && memo.rights === decision.rights)
      return memo;
    const principal: OAuthPrincipal = Object.freeze({
      ...facts,
      groups: decision.groups,
      rights: decision.rights,
      grants: decision.grants,
    });
    this.bySource.set(source, principal);
    return principal;
  }
}
