import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../principal/principal';
import { OwnerOnlyCredentials, OwnerOnlyCredentialsService } from './owner-only-credentials';
import { AuditLog } from '../audit/audit-log.service';
import { AppError } from '../common/errors/app-error';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLogService } from '../consumers/consumer-log.service';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { ConsumerStage } from '../access/consumer-stage';
import { ConsumerValidator } from '../consumers/consumer-validator';
import { ConsumerVisibility, hasRight } from '../consumers/consumer-visibility';
import { UpdateConsumerDto } from '../consumers/dto/update-consumer.dto';
import { staleRevision } from '../consumers/if-match';
import { FieldProblem } from '../consumers/validation/problem';
import { transact } from '../database/transact';

/**
 * What owners may do after proposing (docs/mediawiki-compatibility.md#proposals): restrictions, RSA
 * key, secret reset.
 */
@Injectable()
export class ConsumerOwnerService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lookup: ConsumerLookup,
    private readonly visibility: ConsumerVisibility,
    private readonly validator: ConsumerValidator,
    private readonly secrets: ConsumerSecrets,
    private readonly log: ConsumerLogService,
    private readonly ownerOnly: OwnerOnlyCredentialsService,
    private readonly audit: AuditLog,
  ) {}

  async update(consumerKey: string, dto: UpdateConsumerDto, principal: Principal, revision: number): Promise<Consumer> {
    const consumer = await this.ownConsumer(consumerKey, principal);
    const errors: FieldProblem[] = [];
    const changes: Partial<Consumer> = {};
    if (dto.restrictions !== undefined)
      changes.restrictions = this.validator.checkRestrictions(dto.restrictions, errors);
    if (dto.rsaKey !== undefined) {
      if (consumer.oauthVersion !== 1)
        errors.push({ field: 'rsaKey', key: 'mwoauth-invalid-field', message: 'applies to OAuth 1.0a consumers only' });
      else changes.rsaKey = this.validator.checkRsaKey(dto.rsaKey, errors);
    }
    if (errors.length > 0)
      throw new AppError(
        400,
        'invalid_request',
        'The update is invalid.',
        errors.map((e) => ({ field: e.field, message: e.message, code: e.key })),
      );
    const changed = Object.entries(changes).some(
      ([field, value]) => JSON.stringify(value) !== JSON.stringify(consumer[field as keyof Consumer]),
    );
    if (!changed) {
      if (consumer.revision !== revision) throw staleRevision();
      return consumer;
    }
    await transact(this.db, async (manager) => {
      await this.bump(manager, consumer.id, revision, changes);
      await this.log.write(manager, {
        consumerId: consumer.id,
        performerId: principal.user.id,
        action: 'update',
        reason: dto.reason,
      });
    });
    return (await this.lookup.findByKey(consumerKey))!;
  }

  /**
   * A new secret; restrictions and RSA key stay, where MediaWiki's REST reset wiped them
   * (docs/mediawiki-compatibility.md#rest). Owner-only: new access secret too.
   */
  async resetSecret(
    consumerKey: string,
    reason: string | undefined,
    principal: Principal,
    revision: number,
  ): Promise<{ consumer: Consumer; secret: string; credentials?: OwnerOnlyCredentials }> {
    const consumer = await this.ownConsumer(consumerKey, principal);
    const seed = this.secrets.newSeed();
    const credentials = await transact(this.db, async (manager) => {
      await this.bump(manager, consumer.id, revision, { secretSeed: seed });
      await this.log.write(manager, {
        consumerId: consumer.id,
        performerId: principal.user.id,
        action: 'update',
        reason: reason?.trim() || 'Secret reset',
      });
      return consumer.ownerOnly ? this.ownerOnly.issue(manager, consumer) : undefined;
    });
    const updated = (await this.lookup.findByKey(consumerKey))!;
    await this.audit.record({
      action: 'consumer.secret_reset',
      actor: principal.user,
      target: `consumer ${consumerKey} (${consumer.name})`,
      details: { reason: reason ?? null },
    });
    return { consumer: updated, secret: this.secrets.consumerSecret(seed), credentials };
  }

  /** The caller's own consumer, in a stage that can still change. */
  private async ownConsumer(consumerKey: string, principal: Principal): Promise<Consumer> {
    const consumer = await this.lookup.getVisible(consumerKey, principal);
    if (!this.visibility.isOwner(consumer, principal))
      throw new AppError(403, 'not_owner', 'Only the owner can change this consumer.');
    if (consumer.deleted && !hasRight(principal, 'mwoauthsuppress'))
      throw AppError.forbidden('This requires the right: mwoauthsuppress.');
    if (consumer.stage === ConsumerStage.ConfigurationBased)
      throw new AppError(409, 'configuration_based', 'This consumer is managed in the server configuration.');
    if (![ConsumerStage.Proposed, ConsumerStage.Approved].includes(consumer.stage)) {
      throw new AppError(409, 'invalid_stage', 'Only proposed or approved consumers can be changed.');
    }
    return consumer;
  }

  private async bump(manager: EntityManager, id: number, revision: number, changes: Partial<Consumer>): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Consumer)
      .set({ ...changes, revision: () => 'revision + 1' })
      .where('id = :id AND revision = :revision', { id, revision })
      .execute();
    if ((result.affected ?? 0) !== 1) throw staleRevision();
  }
}
