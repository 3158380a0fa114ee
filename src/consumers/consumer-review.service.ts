import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy, Refused } from '../access/access-policy';
import type { UserFacts } from '../access/facts';
import { AppError } from '../common/errors/app-error';
import { Consumer } from './consumer.entity';
import { ConsumerLogService } from './consumer-log.service';
import { ConsumerLookup } from './consumer-lookup.service';
import { ConsumerNotifier } from './consumer-notifier';
import { ConsumerStage } from '../access/consumer-stage';
import { reasonRequired, ReviewAction, ReviewConsumerDto } from './dto/review-consumer.dto';
import { staleRevision } from './if-match';
import { transact } from '../database/transact';

/** A recorded decision: the consumer as it is now, and whether its owner was told by mail. */
export interface Decided {
  consumer: Consumer;
  ownerMailed: boolean;
}

interface Transition {
  stage: ConsumerStage;
  deleted: boolean;
}

/**
 * Who reviews: a person (any principal: the fields the access policy and the log read), or the
 * operator through the CLI (`system`, logged with no performer).
 */
export type Reviewer =
  { readonly user: UserFacts & { readonly id: number }; readonly rights: ReadonlySet<string> } | 'system';

/** Approve, reject, disable, re-enable, suppress (docs/mediawiki-compatibility.md#stages), each logged atomically. */
@Injectable()
export class ConsumerReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lookup: ConsumerLookup,
    private readonly log: ConsumerLogService,
    private readonly notifier: ConsumerNotifier,
    private readonly policy: AccessPolicy,
  ) {}

  async review(consumerKey: string, dto: ReviewConsumerDto, reviewer: Reviewer, revision: number): Promise<Consumer> {
    return (await this.decide(consumerKey, dto, reviewer, revision)).consumer;
  }

  /** `review()`, also saying whether the owner was mailed (the review page tells the reviewer). */
  async decide(consumerKey: string, dto: ReviewConsumerDto, reviewer: Reviewer, revision: number): Promise<Decided> {
    const principal = reviewer === 'system' ? undefined : reviewer;
    const consumer =
      reviewer === 'system'
        ? await this.lookup.findByKey(consumerKey)
        : await this.lookup.getVisible(consumerKey, principal);
    if (!consumer) throw AppError.notFound('No such consumer.');
    const suppress = dto.suppress ?? false;
    const reason = (dto.reason ?? '').trim();
    if (!reason && reasonRequired(dto.action)) {
      throw AppError.badRequest('Give a reason.', [{ field: 'reason', message: 'is required' }]);
    }
    if (consumer.stage === ConsumerStage.ConfigurationBased) {
      throw new AppError(409, 'configuration_based', 'This consumer is managed in the server configuration.');
    }
    if (suppress && !['reject', 'disable'].includes(dto.action)) {
      throw AppError.badRequest('Only reject and disable can suppress.', [
        { field: 'suppress', message: 'only with reject or disable' },
      ]);
    }
    // Four eyes; touching suppression in either direction, or a suppressed consumer at all, needs
    // mwoauthsuppress. The operator's CLI approval is neither a reviewer nor a proposer.
    if (principal) {
      const decision = this.policy.decide({
        use: { entry: 'review', rights: principal.rights, suppression: suppress },
        user: principal.user,
        consumer,
      });
      if (!decision.allowed) throw reviewRefusal(decision);
    }
    const next = transition(dto.action, consumer, suppress);
    const now = new Date();
    await transact(this.db, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Consumer)
        .set({ stage: next.stage, deleted: next.deleted, stageTimestamp: now, revision: () => 'revision + 1' })
        .where('id = :id AND revision = :revision', { id: consumer.id, revision })
        .execute();
      if ((result.affected ?? 0) !== 1) throw staleRevision();
      await this.log.write(manager, {
        consumerId: consumer.id,
        performerId: principal?.user.id ?? null,
        action: dto.action,
        reason,
        suppressed: next.deleted,
        timestamp: now,
      });
    });
    const updated = (await this.lookup.findByKey(consumerKey))!;
    const ownerMailed = await this.notifier.stageChanged(updated, dto.action, principal?.user.id ?? null, reason);
    return { consumer: updated, ownerMailed };
  }
}

/** The admin API's answer to a refused review (docs/security.md "Reason codes"). */
function reviewRefusal(refused: Refused): AppError {
  if (refused.reason === 'self_review') return new AppError(403, 'self_review', refused.detail);
  return AppError.forbidden(refused.detail);
}

/**
 * MediaWiki's stage machine (docs/mediawiki-compatibility.md#stages); an action from the wrong stage is a
 * 409 with MediaWiki's code.
 */
function transition(action: ReviewAction, consumer: Consumer, suppress: boolean): Transition {
  const { stage } = consumer;
  switch (action) {
    case 'approve':
      if ([ConsumerStage.Proposed, ConsumerStage.Expired, ConsumerStage.Rejected].includes(stage))
        return { stage: ConsumerStage.Approved, deleted: false };
      throw new AppError(409, 'not_pending', 'Only proposed, rejected or expired consumers can be approved.');
    case 'reject':
      if (stage === ConsumerStage.Proposed) return { stage: ConsumerStage.Rejected, deleted: suppress };
      throw new AppError(409, 'not_proposed', 'Only proposed consumers can be rejected.');
    case 'disable':
      // Also from any stage when only the suppression flag changes, as in MediaWiki.
      if (stage === ConsumerStage.Approved || consumer.deleted !== suppress)
        return { stage: ConsumerStage.Disabled, deleted: suppress };
      throw new AppError(409, 'not_approved', 'Only approved consumers can be disabled.');
    case 'reenable':
      if (stage === ConsumerStage.Disabled) return { stage: ConsumerStage.Approved, deleted: false };
      throw new AppError(409, 'not_disabled', 'Only disabled consumers can be re-enabled.');
  }
}
