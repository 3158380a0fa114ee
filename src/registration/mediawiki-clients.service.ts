import { Injectable } from '@nestjs/common';
import { Principal } from '../principal/principal';
import { AppError } from '../common/errors/app-error';
import { GrantCatalog } from '../catalog/grant-catalog';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerQueries } from '../consumers/consumer-queries.service';
import { ConsumerOwnerService } from './consumer-owner.service';
import { ConsumerProposalService } from './consumer-proposal.service';
import { ConsumerStage } from '../access/consumer-stage';
import { ConsumerVisibility, hasRight } from '../consumers/consumer-visibility';
import {
  MediaWikiClientCreated,
  MediaWikiClientDto,
  MediaWikiListClientsQuery,
} from '../consumers/dto/mediawiki-client.dto';

/** Translates MediaWiki's REST shapes to the consumer services and back (docs/mediawiki-compatibility.md#rest). */
@Injectable()
export class MediaWikiClients {
  constructor(
    private readonly queries: ConsumerQueries,
    private readonly proposals: ConsumerProposalService,
    private readonly owners: ConsumerOwnerService,
    private readonly lookup: ConsumerLookup,
    private readonly visibility: ConsumerVisibility,
    private readonly grants: GrantCatalog,
  ) {}

  async create(body: MediaWikiClientDto, principal: Principal): Promise<MediaWikiClientCreated> {
    const ownerOnly = body.owner_only ?? false;
    if (!ownerOnly && !body.callback_url) {
      throw new AppError(
        400,
        'mwoauth-error-missing-callback-url-non-owner',
        'A callback URL is required unless the client is owner-only.',
        [{ field: 'callback_url', message: 'is required unless owner_only' }],
      );
    }
    // As RequestClient does: unknown scopes are dropped; an identity-only scope stands alone.
    const known = this.grants.normalize(body.scopes).grants;
    const authOnly = known.find((g) => this.grants.isAuthOnly(g));
    const { consumer, secret, credentials } = await this.proposals.propose(
      {
        oauthVersion: 2,
        name: body.name,
        version: body.version ?? '1.0',
        description: body.description,
        ownerOnly,
        callbackUrl: body.callback_url || undefined,
        email: body.email,
        wiki: body.wiki ?? '*',
        grants: authOnly ? [authOnly] : known,
        agreement: true,
        oauth2IsConfidential: body.is_confidential,
        oauth2GrantTypes: ownerOnly ? undefined : body.grant_types,
      },
      principal,
    );
    // As in MediaWiki, owner-only clients also get their access token in the response.
    return {
      name: consumer.name,
      client_key: consumer.consumerKey,
      secret,
      ...(credentials ? { access_token: credentials.accessToken } : {}),
    };
  }

  /**
   * The caller's consumers of one OAuth version, newest first; suppressed ones only for those who
   * may see them, where MediaWiki listed them all (docs/mediawiki-compatibility.md#rest).
   */
  async list(
    query: MediaWikiListClientsQuery,
    principal: Principal,
  ): Promise<{ clients: Record<string, unknown>[]; total: number }> {
    const where = {
      ownerId: principal.user.id,
      oauthVersion: (query.oauth_version ?? 2) as 1 | 2,
      ...(hasRight(principal, 'mwoauthviewsuppressed') ? {} : { deleted: false }),
    };
    const [rows, total] = await this.queries.ownedBy(where, { limit: query.limit ?? 25, offset: query.offset ?? 0 });
    return { clients: rows.map((c) => this.client(c)), total };
  }

  async resetSecret(
    clientKey: string,
    reason: string | undefined,
    principal: Principal,
  ): Promise<MediaWikiClientCreated> {
    const consumer = await this.lookup.findByKey(clientKey);
    if (!consumer) throw new AppError(400, 'mwoauth-invalid-consumer-key', 'No consumer has this key.');
    if (consumer.deleted && !this.visibility.userCanSee(consumer, principal))
      throw new AppError(401, 'mwoauth-consumer-deleted-error', 'This consumer has been suppressed.');
    if (!this.visibility.isOwner(consumer, principal))
      throw new AppError(400, 'mwoauth-consumer-user-mismatch', 'You do not own this consumer.');
    const result = await this.owners.resetSecret(clientKey, reason, principal, consumer.revision);
    return {
      name: consumer.name,
      client_key: consumer.consumerKey,
      secret: result.secret,
      ...(result.credentials ? { access_token: result.credentials.accessToken } : {}),
      ...(result.credentials?.accessSecret ? { access_secret: result.credentials.accessSecret } : {}),
    };
  }

  private client(c: Consumer): Record<string, unknown> {
    return {
      email: c.email,
      name: c.name,
      version: c.version,
      callback_url: c.callbackUrl,
      description: c.description,
      client_key: c.consumerKey,
      owner_only: c.ownerOnly,
      stage: c.stage,
      oauth_version: c.oauthVersion,
      registration_formatted: c.registeredAt.toISOString(),
      restrictions: c.restrictions,
      ...(c.oauthVersion === 2 ? { allowed_grants: c.oauth2GrantTypes ?? [] } : {}),
      scopes: c.grants,
      ...(c.stage === ConsumerStage.ConfigurationBased ? { configuration_based: true } : {}),
    };
  }
}
