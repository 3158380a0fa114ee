import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ServerKeys } from '../common/crypto/server-keys';
import { constantTimeEqual, hmacSha256 } from '../common/crypto/tokens';

/**
 * Client-facing secrets are HMAC(key derived from SECRET_KEY, stored seed), as MediaWiki's
 * `Utils::hmacDBSecret` does: OAuth 1.0a needs the raw secret as its HMAC key, so it cannot be
 * hashed, but a database dump alone (seeds without SECRET_KEY) reveals no usable secret.
 */
@Injectable()
export class ConsumerSecrets {
  constructor(private readonly keys: ServerKeys) {}

  /** A fresh seed: 32 random bytes, hex. */
  newSeed(): string {
    return randomBytes(32).toString('hex');
  }

  /** A public identifier: 32 hex characters (consumer keys, OAuth 1.0a token keys). */
  newKey(): string {
    return randomBytes(16).toString('hex');
  }

  /** The consumer secret (client_secret / OAuth 1.0a consumer secret) for a seed: 64 hex. */
  consumerSecret(seed: string): string {
    return hmacSha256(this.keys.derive('consumer-secret'), seed).toString('hex');
  }

  /** The OAuth 1.0a access token secret for an authorization's seed. */
  accessSecret(seed: string): string {
    return hmacSha256(this.keys.derive('access-secret'), seed).toString('hex');
  }

  /** Constant-time check of a presented consumer secret. */
  verifyConsumerSecret(seed: string, presented: string): boolean {
    return constantTimeEqual(this.consumerSecret(seed), presented);
  }
}
