import type { User } from '../users/user.entity';
import type { Allowed } from '../access/access-policy';
import { isSnapshot, snapshot, Snapshot } from '../database/cache/snapshot';
import type { Principal } from './principal';

type OAuthPrincipal = Principal<User | null>;
type Facts = Pick<OAuthPrincipal, 'user' | 'consumer' | 'via' | 'tokenId' | 'expiresAt'>;

/**
 * One principal per credential row (an OAuth 2 token, an OAuth 1.0a authorization), shared by
 * every request that presents it, so the gateway renders its answer once per principal. Keyed by
 * the cached row's snapshot, and reused only while its user, consumer and decided rights are the
 * same objects: snapshots, which the caches replace and never change. Facts that are not
 * snapshots (an uncached read) get a fresh principal every time.
 */
export class PrincipalMemo {
  private readonly bySource = new WeakMap<Snapshot<object>, Snapshot<OAuthPrincipal>>();

  get(source: Snapshot<object>, facts: Facts, decision: Allowed): Snapshot<OAuthPrincipal> {
    const memo = this.bySource.get(source);
    if (memo && memo.user === facts.user && memo.consumer === facts.consumer && memo.rights === decision.rights)
      return memo;
    const principal = snapshot<OAuthPrincipal>({
      ...facts,
      groups: decision.groups,
      rights: decision.rights,
      grants: decision.grants,
    });
    const reusable = (facts.user === null || isSnapshot(facts.user)) && (!facts.consumer || isSnapshot(facts.consumer));
    if (reusable) this.bySource.set(source, principal);
    return principal;
  }
}
