import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { sha256Hex } from '../common/crypto/tokens';
import { CachedLookup, HotCaches } from '../database/cache/hot-caches.service';
import type { Snapshot } from '../database/cache/snapshot';
import { rowLookup } from '../database/row-lookup';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { OAuth2Token } from './oauth2-token.entity';
import { transact } from '../database/transact';

/** Lookups and state changes of issued tokens; every single-use change is one conditional UPDATE. */
@Injectable()
export class TokenStore {
  private readonly byHash: (hash: string, kind: 'access' | 'refresh') => Promise<OAuth2Token | null>;
  /** A token comes with its client, authorization and user: a write to any of those drops it. */
  private readonly accessByHash: CachedLookup<OAuth2Token>;
  private readonly consumeSql: string;
  private readonly consumedAt: ColumnMetadata;

  constructor(
    @InjectRepository(OAuth2Token) private readonly tokens: Repository<OAuth2Token>,
    @InjectDataSource() dataSource: DataSource,
    caches: HotCaches,
  ) {
    this.byHash = rowLookup(dataSource, OAuth2Token, ['tokenHash', 'kind']);
    const metadata = dataSource.getMetadata(OAuth2Token);
    const q = (name: string) => dataSource.driver.escape(name);
    const column = (property: keyof OAuth2Token) => q(metadata.findColumnWithPropertyName(property)!.databaseName);
    this.consumedAt = metadata.findColumnWithPropertyName('consumedAt')!;
    this.consumeSql =
      `UPDATE ${q(metadata.tablePath)} SET ${column('consumedAt')} = ?` +
      ` WHERE ${column('id')} = ? AND ${column('consumedAt')} IS NULL AND ${column('revokedAt')} IS NULL`;
    this.accessByHash = caches.lookup('access_tokens', OAuth2Token, ['tokenHash', 'kind'], {
      relations: { consumer: { owner: true }, authorization: { user: { memberships: true } } },
    });
  }

  /**
   * An access token's row by the SHA-256 of its jti (the verifier keeps that hash with the
   * verified JWT), with its client (and the client's owner), its authorization and the
   * authorization's user (with groups): everything a Bearer check needs, in one round trip.
   * Cached for the hot path; a revocation (an update) or any write to the rows it carries drops it.
   */
  findAccessByHash(hash: string): Promise<Snapshot<OAuth2Token> | null> {
    return this.accessByHash.cached(hash, hash, 'access');
  }

  findRefresh(token: string): Promise<OAuth2Token | null> {
    return this.byHash(sha256Hex(token), 'refresh');
  }

  /**
   * Marks a refresh token consumed, inside the rotation's transaction; true only for the one
   * caller that did it. One conditional UPDATE built once (the query builder cost more than the
   * round trip). A raw statement reaches no change listener, as it should: only access-token rows
   * are cached, and consuming a refresh token changes none, so a busy refresh endpoint must not
   * drop every instance's token cache.
   */
  async consume(id: number, manager: EntityManager): Promise<boolean> {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('TokenStore.consume runs inside a transaction');
    const now: unknown = runner.connection.driver.preparePersistentValue(new Date(), this.consumedAt);
    const result = (await runner.query(this.consumeSql, [now, id], true)) as { affected?: number };
    return (result.affected ?? 0) === 1;
  }

  /**
   * Runs `work` in one database transaction (a rotation: consume the old token, store the new
   * ones), again if it lost a race to another transaction or Galera node: the retry sees the
   * token spent and answers as the protocol says.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return transact(this.tokens.manager.connection, work);
  }

  /** Revokes everything one authorization code started (RFC 6749 §4.1.2 / §10.4: reuse means theft). */
  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revoke(id: number): Promise<void> {
    await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Owner-only secret reset: the old long-lived tokens go (docs/mediawiki-compatibility.md#owner-only-consumers),
   * inside the caller's transaction.
   */
  async revokeForAuthorization(authorizationId: number, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(OAuth2Token) : this.tokens).update(
      { authorizationId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }
}
