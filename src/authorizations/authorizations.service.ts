import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { CachedLookup, HotCaches } from '../database/cache/hot-caches.service';
import type { Snapshot } from '../database/cache/snapshot';
import { rowLookup } from '../database/row-lookup';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { GrantCatalog } from '../catalog/grant-catalog';
import { User } from '../users/user.entity';
import { Authorization } from './authorization.entity';
import { transact } from '../database/transact';

export interface Authorized {
  authorization: Authorization;
  /** OAuth 1.0a: the access credentials, shown to the client once. */
  accessToken?: string;
  accessSecret?: string;
}

/** What `upsert` writes. */
export interface AuthorizationWrite {
  userId: number;
  consumer: Pick<Consumer, 'id' | 'wiki' | 'oauthVersion'>;
  grants: string[];
  /** The seed the OAuth 1.0a access secret is derived from. */
  seed: string;
  /** The OAuth 1.0a token key of a new row (and of a replaced one unless kept). */
  accessToken: string;
  keepAccessToken: boolean;
}

/**
 * Users' authorizations of consumers (docs/mediawiki-compatibility.md#authorizations): creating,
 * narrowing, revoking.
 */
@Injectable()
export class AuthorizationsService {
  private readonly byId: CachedLookup<Authorization>;
  private readonly byAccessToken: CachedLookup<Authorization>;
  private readonly byOwnKey: (userId: number, consumerId: number, wiki: string) => Promise<Authorization | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Authorization) private readonly authorizations: Repository<Authorization>,
    private readonly grants: GrantCatalog,
    private readonly secrets: ConsumerSecrets,
    caches: HotCaches,
  ) {
    // With the secret seed (OAuth 1.0a access secrets derive from it).
    this.byId = caches.lookup('authorizations', Authorization, ['id'], { hidden: true });
    // The OAuth 1.0a verification path: the authorization with its user, in one round trip.
    this.byAccessToken = caches.lookup('authorizations_by_token', Authorization, ['accessToken'], {
      hidden: true,
      relations: { user: { memberships: true } },
    });
    this.byOwnKey = rowLookup(db, Authorization, ['userId', 'consumerId', 'wiki']);
  }

  /**
   * Records that `user` authorizes `consumer` for its target API, creating or replacing the row:
   * the access policy has already decided that they may (docs/security.md). OAuth
   * 1.0a takes all the consumer's grants; OAuth 2 takes (irrevocable ∪ requested) ∩ consumer
   * grants (docs/mediawiki-compatibility.md#consent). Re-authorizing issues new OAuth 1.0a credentials,
   * where MediaWiki kept the old ones (docs/mediawiki-compatibility.md#authorizations).
   */
  async authorize(user: User, consumer: Consumer, options: { requestedGrants?: string[] } = {}): Promise<Authorized> {
    const granted = this.grantsFor(consumer, options.requestedGrants);
    const accessToken = this.secrets.newKey();
    const seed = this.secrets.newSeed();
    // Two consents at once (two tabs, two Galera nodes): the loser runs again and updates the winner's row.
    const authorization = await transact(
      this.db,
      (manager) =>
        this.upsert(manager, { userId: user.id, consumer, grants: granted, seed, accessToken, keepAccessToken: false }),
      { alsoOn: ['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'] },
    );
    return consumer.oauthVersion === 1
      ? { authorization, accessToken, accessSecret: this.secrets.accessSecret(seed) }
      : { authorization };
  }

  /**
   * The one write of an authorization, inside the caller's transaction: creates the (user,
   * consumer, wiki) row or replaces its grants and secret seed. A consent issues a new OAuth 1.0a
   * token key (`keepAccessToken: false`); an owner-only secret reset keeps it
   * (docs/mediawiki-compatibility.md#owner-only-consumers).
   */
  async upsert(manager: EntityManager, input: AuthorizationWrite): Promise<Authorization> {
    const { consumer, userId } = input;
    const key = { userId, consumerId: consumer.id, wiki: consumer.wiki };
    const values = { grants: input.grants, acceptedAt: new Date(), accessSecretSeed: input.seed };
    const existing = await manager.findOneBy(Authorization, key);
    if (existing) {
      const token = input.keepAccessToken ? {} : { accessToken: input.accessToken };
      await manager.update(Authorization, { id: existing.id }, { ...values, ...token });
    } else {
      await manager.insert(Authorization, {
        ...key,
        ...values,
        oauthVersion: consumer.oauthVersion,
        accessToken: input.accessToken,
      });
    }
    return manager.findOneByOrFail(Authorization, key);
  }

  /** The grants an OAuth 2 request may receive: requested (default: all) plus irrevocable, within the consumer's. */
  grantsFor(consumer: Pick<Consumer, 'grants' | 'oauthVersion'>, requested?: readonly string[]): string[] {
    if (consumer.oauthVersion === 1 || requested === undefined) return [...consumer.grants];
    const wanted = new Set([...this.grants.irrevocableGrants, ...this.grants.normalize(requested).grants]);
    return consumer.grants.filter((g) => wanted.has(g));
  }

  /** Keeps only `keep` (plus the irrevocable grants); never adds a grant. */
  async narrow(id: number, userId: number, keep: string[]): Promise<Authorization> {
    const authorization = await this.ownedBy(id, userId);
    const { grants, unknown } = this.grants.normalize(keep);
    const widening = grants.filter((g) => !authorization.grants.includes(g));
    if (unknown.length > 0 || widening.length > 0) {
      throw new AppError(
        400,
        'cannot_widen',
        'An authorization can only be narrowed: ask the app to request new grants instead.',
        [...unknown, ...widening].map((g) => ({ field: 'grants', message: `"${g}" is not among the granted grants` })),
      );
    }
    const kept = authorization.grants.filter((g) => grants.includes(g) || this.grants.irrevocableGrants.includes(g));
    await this.authorizations.update({ id }, { grants: kept });
    return { ...authorization, grants: kept };
  }

  /** Deletes the authorization: its OAuth 1.0a token dies with it; OAuth 2 tokens point at it. */
  async revoke(id: number, userId: number): Promise<void> {
    await this.ownedBy(id, userId);
    await this.authorizations.delete({ id, userId });
  }

  findById(id: number): Promise<Authorization | null> {
    return this.byId.find(id);
  }

  /** For the grant checks of the token endpoint (refresh, code): cached, and dropped by any write to authorizations. */
  findByIdCached(id: number): Promise<Authorization | null> {
    return this.byId.cached(String(id), id);
  }

  /** With its user (and the user's groups): cached, and dropped by any write to either. */
  findByAccessTokenCached(accessToken: string): Promise<Snapshot<Authorization> | null> {
    if (!/^[0-9a-f]{32}$/.test(accessToken)) return Promise.resolve(null);
    return this.byAccessToken.cached(accessToken, accessToken);
  }

  /** The user's authorization of the consumer for a target (its unique key): asked on every authorize request. */
  findFor(userId: number, consumerId: number, wiki: string): Promise<Authorization | null> {
    return this.byOwnKey(userId, consumerId, wiki);
  }

  findByAccessToken(accessToken: string): Promise<Authorization | null> {
    if (!/^[0-9a-f]{32}$/.test(accessToken)) return Promise.resolve(null);
    return this.byAccessToken.find(accessToken);
  }

  /** Removes every authorization a user made, inside the caller's transaction. */
  async deleteForUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.delete(Authorization, { userId });
  }

  private async ownedBy(id: number, userId: number): Promise<Authorization> {
    const authorization = await this.authorizations.findOneBy({ id, userId });
    // Someone else's authorization does not exist for you, as MediaWiki's mwoauth-invalid-access-token
    // (docs/mediawiki-compatibility.md#authorizations).
    if (!authorization) throw AppError.notFound('No such authorization.');
    return authorization;
  }
}
