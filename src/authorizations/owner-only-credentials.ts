import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { Authorization } from './authorization.entity';

export interface OwnerOnlyCredentials {
  accessToken: string;
  accessSecret: string;
}

/**
 * Owner-only consumers (reference 7.4): the owner's authorization exists from creation, with
 * all the consumer's grants, and its credentials are shown once. A secret reset re-keys it:
 * same token key, new secret (reference 5.2). Runs inside the caller's transaction.
 */
@Injectable()
export class OwnerOnlyCredentialsService {
  constructor(private readonly secrets: ConsumerSecrets) {}

  async issue(manager: EntityManager, consumer: Consumer): Promise<OwnerOnlyCredentials> {
    const seed = this.secrets.newSeed();
    const existing = await manager.findOneBy(Authorization, { userId: consumer.ownerId, consumerId: consumer.id, wiki: consumer.wiki });
    if (existing) {
      await manager.update(Authorization, { id: existing.id }, { accessSecretSeed: seed, grants: consumer.grants, acceptedAt: new Date() });
      return { accessToken: existing.accessToken, accessSecret: this.secrets.accessSecret(seed) };
    }
    const accessToken = this.secrets.newKey();
    await manager.insert(Authorization, {
      userId: consumer.ownerId, consumerId: consumer.id, wiki: consumer.wiki, grants: consumer.grants,
      acceptedAt: new Date(), oauthVersion: consumer.oauthVersion, accessToken, accessSecretSeed: seed,
    });
    return { accessToken, accessSecret: this.secrets.accessSecret(seed) };
  }
}
