import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Principal } from '../principal/principal';
import { UsersService } from '../users/users.service';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLogService } from '../consumers/consumer-log.service';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerOwnerService } from './consumer-owner.service';
import { ConsumerProposalService } from './consumer-proposal.service';
import { ConsumerQueries } from '../consumers/consumer-queries.service';
import { ConsumerReviewService } from '../consumers/consumer-review.service';
import { Viewer } from '../consumers/consumer-visibility';
import { ConsumerPage, ConsumerResponse, ConsumerWithSecretResponse } from '../consumers/dto/consumer.response';
import { ConsumerLogPage, ConsumerStatsResponse } from '../consumers/dto/consumer-log.response';
import { ListConsumersQuery, ListLogQuery } from '../consumers/dto/list-consumers.query';
import { ProposeConsumerDto } from '../consumers/dto/propose-consumer.dto';
import { ReviewConsumerDto } from '../consumers/dto/review-consumer.dto';
import { ResetSecretDto, UpdateConsumerDto } from '../consumers/dto/update-consumer.dto';
import { revisionFromIfMatch } from '../consumers/if-match';

/**
 * The REST API's use cases, each a call into one service plus the response mapping and the
 * ETag header, so the controller stays one line per route.
 */
@Injectable()
export class ConsumerApi {
  constructor(
    private readonly proposals: ConsumerProposalService,
    private readonly reviews: ConsumerReviewService,
    private readonly owners: ConsumerOwnerService,
    private readonly lookup: ConsumerLookup,
    private readonly queries: ConsumerQueries,
    private readonly logs: ConsumerLogService,
    private readonly users: UsersService,
    private readonly mapper: ConsumerMapper,
  ) {}

  async propose(
    dto: ProposeConsumerDto,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<ConsumerWithSecretResponse> {
    const { consumer, secret, credentials } = await this.proposals.propose(dto, principal);
    return { ...this.withEtag(consumer, principal, reply), secret, ...credentials };
  }

  async list(query: ListConsumersQuery, viewer: Viewer): Promise<ConsumerPage> {
    const page = await this.queries.list(query, viewer);
    return { items: page.items.map((c) => this.mapper.toResponse(c, viewer)), nextCursor: page.nextCursor };
  }

  async mine(query: ListConsumersQuery, principal: Principal): Promise<ConsumerPage> {
    const page = await this.queries.mine(principal, query.limit ?? 20, query.cursor);
    return { items: page.items.map((c) => this.mapper.toResponse(c, principal)), nextCursor: page.nextCursor };
  }

  async stats(principal: Principal): Promise<ConsumerStatsResponse> {
    return { counts: await this.queries.stats(principal) };
  }

  async get(key: string, viewer: Viewer, reply: FastifyReply): Promise<ConsumerResponse> {
    return this.withEtag(await this.lookup.getVisible(key, viewer), viewer, reply);
  }

  async update(
    key: string,
    dto: UpdateConsumerDto,
    ifMatch: string | undefined,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<ConsumerResponse> {
    const consumer = await this.owners.update(key, dto, principal, revisionFromIfMatch(ifMatch));
    return this.withEtag(consumer, principal, reply);
  }

  async resetSecret(
    key: string,
    dto: ResetSecretDto,
    ifMatch: string | undefined,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<ConsumerWithSecretResponse> {
    const { consumer, secret, credentials } = await this.owners.resetSecret(
      key,
      dto.reason,
      principal,
      revisionFromIfMatch(ifMatch),
    );
    return { ...this.withEtag(consumer, principal, reply), secret, ...credentials };
  }

  async review(
    key: string,
    dto: ReviewConsumerDto,
    ifMatch: string | undefined,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<ConsumerResponse> {
    const consumer = await this.reviews.review(key, dto, principal, revisionFromIfMatch(ifMatch));
    return this.withEtag(consumer, principal, reply);
  }

  async consumerLog(key: string, query: ListLogQuery, viewer: Viewer): Promise<ConsumerLogPage> {
    return this.logOf(await this.lookup.getVisible(key, viewer), query, viewer);
  }

  /** The log of a consumer the caller has already found visible to `viewer`. */
  logOf(consumer: Consumer, query: ListLogQuery, viewer: Viewer): Promise<ConsumerLogPage> {
    return this.logPage({ ...query, consumerKey: undefined }, viewer, consumer.id);
  }

  log(query: ListLogQuery, viewer: Viewer): Promise<ConsumerLogPage> {
    return this.logPage(query, viewer);
  }

  private async logPage(query: ListLogQuery, viewer: Viewer, consumerId?: number): Promise<ConsumerLogPage> {
    const limit = query.limit ?? 50;
    const empty = { items: [], nextCursor: null };
    if (query.consumerKey !== undefined) {
      const consumer = await this.lookup.findByKey(query.consumerKey);
      if (!consumer) return empty;
      consumerId = consumer.id;
    }
    let performerId: number | undefined;
    if (query.performer !== undefined) {
      const performer = await this.users.findByUsername(query.performer);
      if (!performer) return empty;
      performerId = performer.id;
    }
    const rows = await this.logs.find(
      { consumerId, performerId, action: query.action, beforeId: query.cursor, limit: limit + 1 },
      viewer,
    );
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      consumerKey: row.consumerKey,
      action: row.action,
      reason: row.reason,
      suppressed: row.suppressed,
      performer: row.performerId === null ? null : { id: row.performerId, username: row.performerName ?? '' },
      timestamp: row.timestamp.toISOString(),
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  private withEtag(consumer: Consumer, viewer: Viewer, reply: FastifyReply): ConsumerResponse {
    reply.header('ETag', this.mapper.etag(consumer));
    return this.mapper.toResponse(consumer, viewer);
  }
}
