import { Injectable } from '@nestjs/common';
import { ServerKeys } from '../common/crypto/server-keys';
import { constantTimeEqual, hmacSha256, sha256Hex } from '../common/crypto/tokens';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { EphemeralStore } from '../ephemeral/ephemeral-store';
import { hasUnsafeUrlCharacters } from '../protocol/url-characters';

/**
 * Request tokens live 600 s and are single-use, as in MediaWiki
 * (docs/mediawiki-compatibility.md#signatures-and-tokens).
 */
export const REQUEST_TOKEN_TTL_MS = 600_000;

export interface RequestTokenRecord {
  consumerKey: string;
  /** The `oauth_callback` given at initiate (`oob` or a URL). */
  callback: string;
  /** Set by the user's consent. */
  userId?: number;
  authorizationId?: number;
  /** SHA-256 of the verifier: the verifier itself is never stored. */
  verifierHash?: string;
}

/**
 * Request tokens in the ephemeral store. Their secrets are derived (HMAC of the token under a
 * server key), so neither the store nor a dump of it holds a usable secret; the verifier is
 * kept as a hash and compared in constant time.
 */
@Injectable()
export class RequestTokens {
  constructor(
    private readonly store: EphemeralStore,
    private readonly keys: ServerKeys,
    private readonly secrets: ConsumerSecrets,
  ) {}

  async issue(consumerKey: string, callback: string): Promise<{ token: string; secret: string }> {
    const token = this.secrets.newKey();
    await this.store.set(
      this.key(token),
      JSON.stringify({ consumerKey, callback } satisfies RequestTokenRecord),
      REQUEST_TOKEN_TTL_MS,
    );
    return { token, secret: this.secretOf(token) };
  }

  secretOf(token: string): string {
    return hmacSha256(this.keys.derive('oauth1-request-token'), token).toString('hex').slice(0, 32);
  }

  async find(token: string): Promise<RequestTokenRecord | null> {
    if (!/^[0-9a-f]{32}$/.test(token)) return null;
    const raw = await this.store.get(this.key(token));
    const record = raw ? (JSON.parse(raw) as RequestTokenRecord) : null;
    // Initiate refuses such callbacks (docs/oauth1.md, "Callbacks"); a token issued before that, still in
    // the store, must not lead to a redirect that cannot be sent after consent is recorded.
    return record && hasUnsafeUrlCharacters(record.callback) ? null : record;
  }

  /** Records the consent, once: a token already authorized (or gone) is refused. */
  async authorize(
    token: string,
    record: RequestTokenRecord,
    consent: { userId: number; authorizationId: number; verifier: string },
  ): Promise<boolean> {
    if (record.verifierHash) return false;
    const next: RequestTokenRecord = {
      ...record,
      userId: consent.userId,
      authorizationId: consent.authorizationId,
      verifierHash: sha256Hex(consent.verifier),
    };
    return this.store.compareAndSet(
      this.key(token),
      JSON.stringify(record),
      JSON.stringify(next),
      REQUEST_TOKEN_TTL_MS,
    );
  }

  /**
   * Takes the token for the access-token exchange: of two concurrent exchanges one wins. A used
   * token leaves a marker so that a replay is told "already used" (E009), not "not found" (E004).
   */
  async consume(token: string): Promise<{ record: RequestTokenRecord | null; alreadyUsed: boolean }> {
    const raw = await this.store.take(this.key(token));
    if (raw) {
      await this.store.set(this.usedKey(token), '1', REQUEST_TOKEN_TTL_MS);
      return { record: JSON.parse(raw) as RequestTokenRecord, alreadyUsed: false };
    }
    return { record: null, alreadyUsed: (await this.store.get(this.usedKey(token))) !== null };
  }

  verifierMatches(record: RequestTokenRecord, verifier: string): boolean {
    return record.verifierHash !== undefined && constantTimeEqual(record.verifierHash, sha256Hex(verifier));
  }

  private key(token: string): string {
    return `oauth1:request:${token}`;
  }

  private usedKey(token: string): string {
    return `oauth1:request-used:${token}`;
  }
}
