import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerQueries } from '../consumers/consumer-queries.service';
import { ConsumerResponse } from '../consumers/dto/consumer.response';
import { Principal } from '../principal/principal';

/** Rows per page of the review lists. */
export const REVIEW_PAGE_SIZE = 20;
/** Enough of an owner's other applications to judge them; the list page has the rest. */
const OWNER_OTHERS = 20;

/**
 * What the review pages read besides the consumer itself (docs/mediawiki-compatibility.md#stages):
 * a searchable list, the owner's other applications, and the next item of the queue.
 */
@Injectable()
export class ReviewQueue {
  constructor(
    private readonly queries: ConsumerQueries,
    private readonly mapper: ConsumerMapper,
    private readonly config: AppConfig,
  ) {}

  /** One page of a stage (or every stage) matching `q`; the proposed queue oldest first. */
  async page(
    principal: Principal,
    filter: { q?: string; stage: string; page: number },
  ): Promise<{ items: ConsumerResponse[]; total: number }> {
    const { items, total } = await this.queries.search(
      {
        q: filter.q,
        stage: filter.stage,
        order: filter.stage === 'proposed' ? 'oldest' : 'newest',
        limit: REVIEW_PAGE_SIZE,
        offset: (filter.page - 1) * REVIEW_PAGE_SIZE,
      },
      principal,
    );
    return { items: items.map((c) => this.mapper.toResponse(c, principal)), total };
  }

  /** The owner's other applications, every stage the reviewer may see, newest first. */
  async ownerOthers(consumer: Consumer, principal: Principal): Promise<ConsumerResponse[]> {
    const { items } = await this.queries.search(
      { ownerId: consumer.ownerId, notKey: consumer.consumerKey, limit: OWNER_OTHERS, offset: 0 },
      principal,
    );
    return items.map((c) => this.mapper.toResponse(c, principal));
  }

  /**
   * The oldest proposal still waiting, other than the one just decided; not the reviewer's own,
   * which another reviewer must take (four eyes, unless ALLOW_SELF_REVIEW).
   */
  async next(principal: Principal, after: string): Promise<ConsumerResponse | undefined> {
    const { items } = await this.queries.search(
      {
        stage: 'proposed',
        order: 'oldest',
        notKey: after,
        notOwnerId: this.config.consumers.allowSelfReview ? undefined : principal.user.id,
        limit: 1,
        offset: 0,
      },
      principal,
    );
    return items[0] && this.mapper.toResponse(items[0], principal);
  }
}
