import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.service';
import { UsersService } from '../../users/users.service';
import { Consumer } from '../consumer.entity';
import { ConsumerSecrets } from '../consumer-secrets';
import { ConsumerStage } from '../../access/consumer-stage';
import { ConsumerValidator } from '../consumer-validator';
import { loadStaticConsumers, StaticConsumer } from './static-consumers';

/**
 * Configuration-based consumers (docs/mediawiki-compatibility.md#configuration-based-consumers). Each is
 * mirrored at boot into a stage-5 row, so its id and key cannot collide with proposals and
 * authorizations can point at it; the file wins: the row is rewritten from it at every start, and
 * the API refuses to change it.
 */
@Injectable()
export class StaticConsumers implements OnApplicationBootstrap {
  private readonly logger = new Logger('StaticConsumers');
  private readonly byKey = new Map<string, StaticConsumer>();

  constructor(
    private readonly config: AppConfig,
    private readonly validator: ConsumerValidator,
    private readonly users: UsersService,
    private readonly secrets: ConsumerSecrets,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    const file = config.consumers.staticConsumersFile;
    if (file) for (const entry of loadStaticConsumers(file, validator)) this.byKey.set(entry.consumerKey, entry);
  }

  /** The configuration entry for a key, if the key is configuration-based. */
  get(consumerKey: string): StaticConsumer | undefined {
    return this.byKey.get(consumerKey);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const entry of this.byKey.values()) await this.sync(entry);
    if (this.byKey.size > 0) this.logger.log(`${this.byKey.size} configuration-based consumer(s) loaded`);
  }

  private async sync(entry: StaticConsumer): Promise<void> {
    const owner = await this.users.findByUsername(entry.owner);
    if (!owner)
      throw new Error(
        `STATIC_CONSUMERS_FILE: consumer ${entry.consumerKey} names the owner "${entry.owner}", who does not exist`,
      );
    const { consumerKey, owner: _owner, secret: _secret, skipAuthorization: _skip, email, ...fields } = entry;
    const now = new Date();
    await this.db.transaction(async (manager) => {
      const existing = await manager.findOne(Consumer, { where: { consumerKey }, select: { id: true, stage: true } });
      if (existing && existing.stage !== ConsumerStage.ConfigurationBased) {
        throw new Error(`STATIC_CONSUMERS_FILE: the key ${consumerKey} belongs to a registered consumer`);
      }
      const row = {
        ...fields,
        ownerId: owner.id,
        email: email ?? owner.email ?? this.config.mailFrom,
        stage: ConsumerStage.ConfigurationBased,
        deleted: false,
        developerAgreement: true,
      };
      if (existing) {
        await manager
          .createQueryBuilder()
          .update(Consumer)
          .set({ ...row, revision: () => 'revision + 1' })
          .where({ id: existing.id })
          .execute();
      } else {
        // The seed is never used: the secret of a configuration-based consumer is the one in the file.
        await manager.insert(Consumer, {
          ...row,
          consumerKey,
          registeredAt: now,
          stageTimestamp: now,
          emailAuthenticated: now,
          secretSeed: this.secrets.newSeed(),
          revision: 1,
        });
      }
    });
  }
}
