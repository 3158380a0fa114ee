import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { GrantCatalog } from '../catalog/grant-catalog';
import { ALLOW_ALL, MAX_RANGES, parseIpRanges } from '../common/net/ip-ranges';
import { ProposeConsumerDto } from './dto/propose-consumer.dto';
import { validateCallbackUrl } from './validation/callback-url';
import { validateGrantTypes } from './validation/grant-types';
import { FieldProblem, ValidationOutcome } from './validation/problem';
import {
  checkRsaPublicKey,
  MAX_EXPONENT_BITS,
  MAX_MODULUS_BITS,
  MIN_MODULUS_BITS,
  RsaKeyCheck,
} from './validation/rsa-key';
import { isValidVersion } from './validation/version';

/** A proposal after validation: every field normalized and ready to store. */
export interface ValidProposal {
  oauthVersion: 1 | 2;
  name: string;
  version: string;
  description: string;
  ownerOnly: boolean;
  callbackUrl: string;
  callbackIsPrefix: boolean;
  wiki: string;
  grants: string[];
  restrictions: string[];
  rsaKey: string | null;
  oauth2IsConfidential: boolean;
  oauth2GrantTypes: string[] | null;
}

const problem = (field: string, key: string, message: string): FieldProblem => ({ field, key, message });

/**
 * MediaWiki's keys (docs/mediawiki-compatibility.md#names); a size refusal says which bound, as
 * `-with-details` does.
 */
const RSA_KEY_PROBLEMS: Record<Exclude<RsaKeyCheck, 'ok' | 'empty'>, [key: string, message: string]> = {
  'not-rsa': ['mwoauth-invalid-field-rsaKey-not-rsa', 'is not an RSA key'],
  'too-long': ['mwoauth-invalid-field-too-long', 'is too long'],
  'too-small': ['mwoauth-invalid-field-with-details', `is too small: at least ${MIN_MODULUS_BITS} bits`],
  'too-large': [
    'mwoauth-invalid-field-with-details',
    `is too large: at most ${MAX_MODULUS_BITS} bits, with a public exponent of at most ${MAX_EXPONENT_BITS} bits`,
  ],
  invalid: ['mwoauth-invalid-field', 'is not a valid RSA public key in PEM form'],
};

/**
 * The field rules of MediaWiki's ConsumerValidator (docs/mediawiki-compatibility.md#proposals),
 * beyond what the DTO checks.
 */
@Injectable()
export class ConsumerValidator {
  constructor(
    private readonly grants: GrantCatalog,
    private readonly config: AppConfig,
  ) {}

  validateProposal(dto: ProposeConsumerDto): { outcome: ValidationOutcome; value: ValidProposal } {
    const ownerOnly = dto.ownerOnly ?? false;
    const isV1 = dto.oauthVersion === 1;
    const isConfidential = isV1 ? true : (dto.oauth2IsConfidential ?? true);
    const errors: FieldProblem[] = [];
    const warnings: FieldProblem[] = [];

    const version = dto.version ?? '1.0';
    if (!isValidVersion(version))
      errors.push(problem('version', 'mwoauth-invalid-field', 'must be a version such as 1.0, 2.1.3 or 1.0-beta'));
    if (!dto.agreement)
      errors.push(problem('agreement', 'mwoauth-invalid-field', 'you must accept the developer agreement'));
    if (isV1 && dto.oauth2GrantTypes)
      errors.push(problem('oauth2GrantTypes', 'mwoauth-invalid-field', 'applies to OAuth 2 consumers only'));
    if (isV1 && dto.oauth2IsConfidential === false)
      errors.push(problem('oauth2IsConfidential', 'mwoauth-invalid-field', 'applies to OAuth 2 consumers only'));
    if (!isV1 && dto.callbackIsPrefix)
      errors.push(problem('callbackIsPrefix', 'mwoauth-invalid-field', 'applies to OAuth 1.0a consumers only'));
    if (!isV1 && dto.rsaKey)
      errors.push(problem('rsaKey', 'mwoauth-invalid-field', 'applies to OAuth 1.0a consumers only'));

    const grants = this.checkGrants(dto.grants, errors);
    const restrictions = this.checkRestrictions(dto.restrictions, errors);
    const rsaKey = isV1 ? this.checkRsaKey(dto.rsaKey, errors) : null;
    const oauth2GrantTypes = isV1
      ? null
      : ownerOnly
        ? ['client_credentials']
        : (dto.oauth2GrantTypes ?? ['authorization_code', 'refresh_token']);
    if (oauth2GrantTypes) errors.push(...validateGrantTypes(oauth2GrantTypes, { ownerOnly, isConfidential }));

    const callbackUrl = ownerOnly ? this.ownerOnlyCallback(isV1) : (dto.callbackUrl ?? '');
    const callbackIsPrefix = !ownerOnly && isV1 && (dto.callbackIsPrefix ?? false);
    const needsCallback = !ownerOnly && (isV1 || (oauth2GrantTypes ?? []).includes('authorization_code'));
    if (needsCallback || (!ownerOnly && callbackUrl)) {
      const outcome = validateCallbackUrl({
        url: callbackUrl,
        oauthVersion: dto.oauthVersion,
        ownerOnly,
        isConfidential,
        isPrefix: callbackIsPrefix,
        serverOrigin: this.config.publicOrigin,
        allowedSchemes: this.config.consumers.allowedCallbackSchemes,
      });
      errors.push(...outcome.errors);
      warnings.push(...outcome.warnings);
    }
    return {
      outcome: { errors, warnings },
      value: {
        oauthVersion: dto.oauthVersion,
        name: dto.name.trim(),
        version,
        description: dto.description,
        ownerOnly,
        callbackUrl,
        callbackIsPrefix,
        wiki: dto.wiki ?? '*',
        grants,
        restrictions,
        rsaKey,
        oauth2IsConfidential: isConfidential,
        oauth2GrantTypes,
      },
    };
  }

  /**
   * Owner-only consumers never redirect a browser (docs/mediawiki-compatibility.md#owner-only-consumers).
   * OAuth 1.0a keeps MediaWiki's verifier page (`Special:OAuth/verified`). OAuth 2 has no page of
   * the kind, nor any redirect (its one grant type is client_credentials): nothing is stored.
   */
  private ownerOnlyCallback(isV1: boolean): string {
    return isV1 ? this.config.url('/oauth1/verified') : '';
  }

  /** Restrictions for an update: the same rules as at proposal. */
  checkRestrictions(entries: string[] | undefined, errors: FieldProblem[]): string[] {
    if (entries === undefined) return [...ALLOW_ALL];
    const { ranges, invalid } = parseIpRanges(entries);
    if (ranges.length > MAX_RANGES)
      errors.push(problem('restrictions', 'mwoauth-invalid-field-too-long', `at most ${MAX_RANGES} ranges`));
    if (invalid.length > 0)
      errors.push(
        problem(
          'restrictions',
          'mwoauth-invalid-field',
          `not IP addresses or CIDR ranges: ${invalid.slice(0, 5).join(', ')}`,
        ),
      );
    else if (ranges.length === 0)
      errors.push(
        problem(
          'restrictions',
          'mwoauth-invalid-field',
          'must allow at least one address range (0.0.0.0/0 and ::/0 allow all)',
        ),
      );
    return ranges;
  }

  checkRsaKey(pem: string | undefined, errors: FieldProblem[]): string | null {
    if (pem === undefined || pem.trim() === '') return null;
    const verdict = checkRsaPublicKey(pem);
    if (verdict !== 'ok' && verdict !== 'empty') errors.push(problem('rsaKey', ...RSA_KEY_PROBLEMS[verdict]));
    return pem.trim();
  }

  /**
   * Grants must be known; an identity-only grant stands alone (the "authonly" grant type);
   * otherwise the hidden grants (basic) are always added. Legacy names are read
   * (docs/mediawiki-compatibility.md#rights).
   */
  private checkGrants(requested: string[], errors: FieldProblem[]): string[] {
    const { grants, unknown } = this.grants.normalize(requested);
    if (unknown.length > 0)
      errors.push(problem('grants', 'mwoauth-invalid-grants', `unknown grants: ${unknown.join(', ')}`));
    const authOnly = grants.filter((g) => this.grants.isAuthOnly(g));
    if (authOnly.length > 0) {
      if (grants.length > 1)
        errors.push(
          problem('grants', 'mwoauth-invalid-grants', 'an identity-only grant cannot be combined with other grants'),
        );
      return authOnly.slice(0, 1);
    }
    return [...new Set([...this.grants.hiddenGrants, ...grants])];
  }
}
