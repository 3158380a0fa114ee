import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/validation-errors';
import { ConsumerValidator, ValidProposal } from '../consumer-validator';
import { StaticConsumerDto } from './static-consumer.dto';

/** A configuration-based consumer after validation. */
export interface StaticConsumer extends ValidProposal {
  consumerKey: string;
  owner: string;
  secret?: string;
  email?: string;
  skipAuthorization: boolean;
}

/**
 * Reads and checks STATIC_CONSUMERS_FILE at boot, with the same field rules as proposals.
 * MediaWiki validated an entry lazily, on first use; here a bad file stops the server at start
 * (docs/mediawiki-compatibility.md#configuration-based-consumers).
 */
export function loadStaticConsumers(path: string, validator: ConsumerValidator): StaticConsumer[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`STATIC_CONSUMERS_FILE ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new Error(`STATIC_CONSUMERS_FILE ${path}: expected a JSON array of consumers`);
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const where = `STATIC_CONSUMERS_FILE ${path}, entry ${index}`;
    const dto = plainToInstance(StaticConsumerDto, entry);
    const shapeErrors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (shapeErrors.length > 0)
      throw new Error(
        `${where}: ${flattenValidationErrors(shapeErrors)
          .map((d) => `${d.field} ${d.message}`)
          .join('; ')}`,
      );
    if (seen.has(dto.consumerKey)) throw new Error(`${where}: duplicate consumerKey ${dto.consumerKey}`);
    seen.add(dto.consumerKey);
    return checkEntry(dto, validator, where);
  });
}

function checkEntry(dto: StaticConsumerDto, validator: ConsumerValidator, where: string): StaticConsumer {
  const { outcome, value } = validator.validateProposal({ ...dto, agreement: true, ignoreWarnings: true });
  if (outcome.errors.length > 0)
    throw new Error(`${where}: ${outcome.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  const confidential = dto.oauthVersion === 1 || (dto.oauth2IsConfidential ?? true);
  if (confidential && !dto.secret && !(dto.oauthVersion === 1 && dto.rsaKey)) {
    throw new Error(`${where}: a secret is required (or, for OAuth 1.0a, an rsaKey)`);
  }
  if (dto.skipAuthorization && (dto.oauthVersion !== 2 || !value.callbackUrl.startsWith('https:'))) {
    throw new Error(`${where}: skipAuthorization needs an OAuth 2 consumer with an https callback`);
  }
  return {
    ...value,
    consumerKey: dto.consumerKey,
    owner: dto.owner,
    secret: dto.secret,
    email: dto.email,
    skipAuthorization: dto.skipAuthorization ?? false,
  };
}
