import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal } from '../principal/principal';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerVisibility, hasRight } from '../consumers/consumer-visibility';
import { GrantCatalog } from '../catalog/grant-catalog';
import { Authorization } from './authorization.entity';
import { AuthorizationResponse } from './dto/authorization.response';

/** Lists of authorizations, mapped through the visibility rules (docs/mediawiki-compatibility.md#authorizations). */
@Injectable()
export class AuthorizationQueries {
  constructor(
    @InjectRepository(Authorization) private readonly authorizations: Repository<Authorization>,
    private readonly lookup: ConsumerLookup,
    private readonly visibility: ConsumerVisibility,
    private readonly grants: GrantCatalog,
  ) {}

  /**
   * The caller's own authorizations; those of suppressed consumers only with mwoauthviewsuppressed
   * (docs/mediawiki-compatibility.md#authorizations).
   */
  async mine(principal: Principal): Promise<AuthorizationResponse[]> {
    return this.ofUser(principal.user.id, principal);
  }

  /** One user's authorizations as `viewer` sees them: for the admin pages (the route checks the right). */
  async ofUser(userId: number, viewer: Principal): Promise<AuthorizationResponse[]> {
    const qb = this.authorizations
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.consumer', 'c')
      .innerJoinAndSelect('c.owner', 'o')
      .where('a.userId = :user', { user: userId })
      .orderBy('a.id', 'DESC');
    if (!hasRight(viewer, 'mwoauthviewsuppressed')) qb.andWhere('c.deleted = :deleted', { deleted: false });
    return (await qb.getMany()).map((a) => this.toResponse(a, viewer));
  }

  async one(id: number, principal: Principal): Promise<AuthorizationResponse | undefined> {
    const all = await this.mine(principal);
    return all.find((a) => a.id === id);
  }

  /** Everyone's authorizations of one consumer: for holders of mwoauthviewprivate (the guard checks it). */
  async forConsumer(consumerKey: string, principal: Principal): Promise<AuthorizationResponse[]> {
    const consumer = await this.lookup.getVisible(consumerKey, principal);
    const rows = await this.authorizations
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.consumer', 'c')
      .innerJoinAndSelect('c.owner', 'o')
      .innerJoinAndSelect('a.user', 'u')
      .where('a.consumerId = :id', { id: consumer.id })
      .orderBy('a.id', 'DESC')
      .getMany();
    return rows.map((a) => this.toResponse(a, principal));
  }

  private toResponse(a: Authorization, viewer: Principal): AuthorizationResponse {
    const c = a.consumer!;
    const response: AuthorizationResponse = {
      id: a.id,
      wiki: a.wiki,
      grants: a.grants,
      acceptedAt: a.acceptedAt.toISOString(),
      oauthVersion: a.oauthVersion,
      irrevocableGrants: a.grants.filter((g) => this.grants.irrevocableGrants.includes(g)),
      consumer: {
        consumerKey: c.consumerKey,
        name: c.name,
        version: c.version,
        oauthVersion: c.oauthVersion,
        description: c.description,
        owner: { id: c.ownerId, username: c.owner?.username ?? '' },
      },
    };
    if (a.user) response.user = { id: a.user.id, username: a.user.username };
    // The access token key is private data; the secret is never shown (docs/mediawiki-compatibility.md#authorizations).
    if (a.user && this.visibility.userCanSeePrivate(c, viewer)) response.accessToken = a.accessToken;
    return response;
  }
}
