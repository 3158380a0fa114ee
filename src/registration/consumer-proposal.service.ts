import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Principal } from '../principal/principal';
import { OwnerOnlyCredentials, OwnerOnlyCredentialsService } from './owner-only-credentials';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { consumeOrThrow, createLimiter } from '../ephemeral/rate-limit/limiter';
import { REDIS, RedisClient } from '../redis/redis.module';
import { canAutoApprove } from '../common/config/auto-approval';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLogService, LogAction } from '../consumers/consumer-log.service';
import { ConsumerNotifier } from '../consumers/consumer-notifier';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { ConsumerStage } from '../access/consumer-stage';
import { ConsumerValidator, ValidProposal } from '../consumers/consumer-validator';
import { ProposeConsumerDto } from '../consumers/dto/propose-consumer.dto';
import { compareVersions } from '../consumers/validation/version';
import { FieldProblem } from '../consumers/validation/problem';

export interface ProposalResult {
  consumer: Consumer;
  secret: string;
  credentials?: OwnerOnlyCredentials;
}

/** Proposing a consumer (docs/mediawiki-compatibility.md#proposals), all in one transaction. */
@Injectable()
export class ConsumerProposalService {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly validator: ConsumerValidator,
    private readonly secrets: ConsumerSecrets,
    private readonly log: ConsumerLogService,
    private readonly notifier: ConsumerNotifier,
    private readonly ownerOnly: OwnerOnlyCredentialsService,
    @Inject(REDIS) redis: RedisClient | null,
  ) {
    this.limiter = createLimiter(redis, 'consumer-proposals', config.consumers.proposalsPerHour, 3600);
  }

  /** `trusted`: the operator through the CLI, exempt from the email confirmation and the rate limit. */
  async propose(
    dto: ProposeConsumerDto,
    principal: Principal,
    options: { trusted?: boolean } = {},
  ): Promise<ProposalResult> {
    const user = principal.user;
    if (!user.email && !options.trusted) {
      throw new AppError(403, 'email_not_confirmed', 'Add and confirm an email address before proposing a consumer.');
    }
    if (!options.trusted && this.config.consumers.requireConfirmedEmail && !user.emailVerified) {
      throw new AppError(403, 'email_not_confirmed', 'Confirm your email address before proposing a consumer.');
    }
    if (dto.email !== undefined && dto.email !== user.email) {
      throw new AppError(400, 'email_mismatched', "The contact email must be your account's email address.", [
        { field: 'email', message: 'must be your account email' },
      ]);
    }
    const { outcome, value } = this.validator.validateProposal(dto);
    if (outcome.errors.length > 0) throw invalid('The proposal is invalid.', outcome.errors);
    if (outcome.warnings.length > 0 && !dto.ignoreWarnings) {
      throw invalid(
        'The proposal has warnings. Fix them, or send ignoreWarnings: true to accept them.',
        outcome.warnings,
        'validation_warnings',
      );
    }
    if (!options.trusted)
      await consumeOrThrow(
        this.limiter,
        String(user.id),
        'You have proposed too many consumers recently. Try again later.',
      );

    const stage =
      value.ownerOnly || canAutoApprove(value, this.config.consumers.autoApprove)
        ? ConsumerStage.Approved
        : ConsumerStage.Proposed;
    const action: LogAction = value.ownerOnly
      ? 'create-owner-only'
      : stage === ConsumerStage.Approved
        ? 'propose-autoapproved'
        : 'propose';
    const seed = this.secrets.newSeed();
    // The operator (CLI) may register for an account without an address; the contact is then empty.
    const result = await this.insert(value, {
      ownerId: user.id,
      email: user.email ?? '',
      emailVerified: user.emailVerified,
      stage,
      action,
      seed,
    });
    if (action === 'propose') await this.notifier.proposed(result.consumer, user.username);
    return { ...result, secret: this.secrets.consumerSecret(seed) };
  }

  private async insert(
    value: ValidProposal,
    meta: {
      ownerId: number;
      email: string;
      emailVerified: boolean;
      stage: ConsumerStage;
      action: LogAction;
      seed: string;
    },
  ): Promise<Omit<ProposalResult, 'secret'>> {
    try {
      return await this.db.transaction(async (manager) => {
        await this.checkVersion(manager, value, meta.ownerId);
        const now = new Date();
        const consumer = manager.create(Consumer, {
          ...value,
          consumerKey: this.secrets.newKey(),
          ownerId: meta.ownerId,
          email: meta.email,
          emailAuthenticated: meta.emailVerified ? now : null,
          developerAgreement: true,
          registeredAt: now,
          secretSeed: meta.seed,
          stage: meta.stage,
          stageTimestamp: now,
          deleted: false,
          revision: 1,
        });
        await manager.insert(Consumer, consumer);
        // The description is the log comment of a proposal (docs/mediawiki-compatibility.md#proposals).
        await this.log.write(manager, {
          consumerId: consumer.id,
          performerId: meta.ownerId,
          action: meta.action,
          reason: value.description,
          timestamp: now,
        });
        const credentials = value.ownerOnly ? await this.ownerOnly.issue(manager, consumer) : undefined;
        const saved = await manager.findOneOrFail(Consumer, { where: { id: consumer.id }, relations: { owner: true } });
        return { consumer: saved, credentials };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) throw exists();
      throw error;
    }
  }

  /**
   * Name + owner + version is unique, and a new version must be greater than the owner's greatest
   * existing version of that name, not merely the newest row's as in MediaWiki
   * (docs/mediawiki-compatibility.md#proposals).
   */
  private async checkVersion(manager: EntityManager, value: ValidProposal, ownerId: number): Promise<void> {
    const siblings = await manager.find(Consumer, {
      where: { name: value.name, ownerId },
      select: { id: true, version: true },
    });
    if (siblings.some((c) => c.version === value.version)) throw exists();
    const greatest = siblings
      .map((c) => c.version)
      .sort(compareVersions)
      .pop();
    if (greatest !== undefined && compareVersions(value.version, greatest) <= 0) {
      throw new AppError(
        409,
        'consumer_version_not_greater',
        `The version must be greater than ${greatest}, your latest version of "${value.name}".`,
        [{ field: 'version', message: `must be greater than ${greatest}` }],
      );
    }
  }
}

function exists(): AppError {
  return new AppError(409, 'consumer_exists', 'You already have a consumer with this name and version.', [
    { field: 'version', message: 'already exists for this name' },
  ]);
}

function invalid(message: string, problems: FieldProblem[], code = 'invalid_request'): AppError {
  return new AppError(
    400,
    code,
    message,
    problems.map(({ field, key, message: text }) => ({ field, message: text, code: key })),
  );
}
