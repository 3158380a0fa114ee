import { Injectable } from '@nestjs/common';
import { Consumer } from './consumer.entity';
import { STAGE_NAMES } from '../access/consumer-stage';
import { ConsumerVisibility, Viewer } from './consumer-visibility';
import { ConsumerResponse } from './dto/consumer.response';

/** The one place a Consumer becomes a response, through ConsumerVisibility. */
@Injectable()
export class ConsumerMapper {
  constructor(private readonly visibility: ConsumerVisibility) {}

  toResponse(consumer: Consumer, viewer: Viewer): ConsumerResponse {
    const response: ConsumerResponse = {
      id: consumer.id,
      consumerKey: consumer.consumerKey,
      name: consumer.name,
      version: consumer.version,
      owner: { id: consumer.ownerId, username: consumer.owner?.username ?? '' },
      oauthVersion: consumer.oauthVersion,
      description: consumer.description,
      callbackUrl: consumer.callbackUrl,
      callbackIsPrefix: consumer.callbackIsPrefix,
      ownerOnly: consumer.ownerOnly,
      wiki: consumer.wiki,
      grants: consumer.grants,
      stage: consumer.stage,
      stageName: STAGE_NAMES[consumer.stage],
      stageTimestamp: consumer.stageTimestamp.toISOString(),
      registeredAt: consumer.registeredAt.toISOString(),
      suppressed: consumer.deleted,
      developerAgreement: consumer.developerAgreement,
      oauth2IsConfidential: consumer.oauth2IsConfidential,
      oauth2GrantTypes: consumer.oauth2GrantTypes,
      hiddenFields: [],
    };
    if (this.visibility.userCanSeeSecurity(consumer, viewer)) {
      response.email = consumer.email;
      response.emailAuthenticated = consumer.emailAuthenticated?.toISOString() ?? null;
      response.restrictions = consumer.restrictions;
      response.rsaKey = consumer.rsaKey;
    } else {
      response.hiddenFields = ['email', 'emailAuthenticated', 'restrictions', 'rsaKey'];
    }
    return response;
  }

  /** The ETag of a consumer's current state: the revision every change bumps. */
  etag(consumer: Pick<Consumer, 'revision'>): string {
    return `"r${consumer.revision}"`;
  }
}
