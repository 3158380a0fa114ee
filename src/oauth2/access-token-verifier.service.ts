import { Injectable, Logger } from '@nestjs/common';
import { decodeProtectedHeader, errors, JWTPayload, jwtVerify } from 'jose';
import { Authorization } from '../authorizations/authorization.entity';
import { AppConfig } from '../common/config/app-config.service';
import { Consumer } from '../consumers/consumer.entity';
import { sha256Hex } from '../common/crypto/tokens';
import { narrowScopes } from '../protocol/oauth2';
import { AccessDenied } from '../access/access-denied';
import { User } from '../users/user.entity';
import { SigningKeys } from '../keys/signing-keys.service';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { TokenStore } from '../tokens/token-store.service';
import type { Snapshot } from '../database/cache/snapshot';

/** Bounded: a flood of distinct tokens cannot grow memory without limit. */
const VERIFIED_CACHE_SIZE = 10_000;

/** A header or claim value for the debug log: the caller chose it, so it is quoted and cut short. */
function quote(value: unknown): string {
  return (JSON.stringify(typeof value === 'string' ? value.slice(0, 100) : (value ?? null)) ?? 'null').slice(0, 120);
}

/** A JWT whose signature, issuer and type checked out, with the hash its row is stored under. */
interface SignedToken {
  payload: JWTPayload;
  jtiHash: string | null;
}

export interface VerifiedAccessToken {
  payload: JWTPayload;
  token: Snapshot<OAuth2Token>;
  consumer: Consumer;
  /** Null for app-only tokens. */
  user: User | null;
  /** Null for app-only tokens. */
  authorization: Authorization | null;
  scopes: string[];
}

/**
 * Checks a Bearer access token itself (RFC 9068 §4): signature by a published key, `typ`, issuer
 * and lifetime, then that it is still on record and not revoked. Whether its user, client and
 * authorization may act now is the access policy's question (BearerAuthenticator asks it).
 */
@Injectable()
export class AccessTokenVerifier {
  /** Keyed by the JWT itself: a Map lookup is cheaper than hashing it on every request. */
  private readonly verified = new Map<string, SignedToken>();
  /** Why a token was refused, at debug: the client sees only "invalid or expired" (never the token itself here). */
  private readonly logger = new Logger('AccessTokenVerifier');

  constructor(
    private readonly keys: SigningKeys,
    private readonly store: TokenStore,
    private readonly config: AppConfig,
  ) {}

  /** The token itself: signed by a published key, on record, not revoked or expired. */
  async verify(jwt: string): Promise<VerifiedAccessToken> {
    const invalid = (why: string) => new AccessDenied('credential_invalid', why);
    const { payload, jtiHash } = await this.verifySignature(jwt).catch((error: unknown) => {
      this.logger.debug(`Access token refused: ${this.whyRefused(error)}`);
      throw invalid('The access token is invalid or expired.');
    });
    // The row comes with its client, authorization and user (one round trip on a cache miss).
    const token = jtiHash ? await this.store.findAccessByHash(jtiHash) : null;
    if (!token || token.revokedAt || token.expiresAt <= new Date()) {
      const why = !token ? 'not on record' : token.revokedAt ? 'revoked' : 'its record has expired';
      this.logger.debug(`Access token refused: ${why} (client ${quote(payload.client_id)})`);
      throw invalid('The access token was revoked.');
    }
    const consumer = token.consumer;
    if (!consumer || consumer.consumerKey !== payload.client_id) {
      this.logger.debug(`Access token refused: its client ${quote(payload.client_id)} no longer exists`);
      throw invalid('The client of this token no longer exists.');
    }
    const authorization = token.authorization ?? null;
    // The user the token was issued for, through its authorization: a deleted user takes both with it.
    const user = token.userId !== null && authorization?.userId === token.userId ? (authorization.user ?? null) : null;
    // A narrowed authorization narrows the tokens already issued under it, at once.
    const scopes = authorization ? narrowScopes(token.scopes, authorization.grants) : token.scopes;
    return { payload, token, consumer, user, authorization, scopes };
  }

  /**
   * Signature checks are the costly part of the hot path (ES256 verify), so verified payloads
   * are cached, never past `exp`. Revocation is not cached here: the token row, client, user and
   * authorization come from caches that any write to them drops at once.
   */
  private async verifySignature(jwt: string): Promise<SignedToken> {
    const cached = this.verified.get(jwt);
    if (cached && (cached.payload.exp ?? 0) * 1000 > Date.now()) return cached;
    const payload = await this.verifyUncached(jwt);
    const signed = { payload, jtiHash: typeof payload.jti === 'string' && payload.jti ? sha256Hex(payload.jti) : null };
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(jwt, signed);
    return signed;
  }

  /** One sentence for the debug log; claims and header values only, which are not secret. */
  private whyRefused(error: unknown): string {
    if (error instanceof errors.JWTExpired)
      return `expired (exp ${quote(error.payload.exp)}, client ${quote(error.payload.client_id)})`;
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss')
      return `wrong issuer: expected ${this.config.publicUrl} (PUBLIC_URL), got ${quote(error.payload.iss)}`;
    if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim}: ${error.message}`;
    if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
    if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
    return error instanceof Error ? error.message : 'not a JWT';
  }

  private async verifyUncached(jwt: string): Promise<JWTPayload> {
    let header;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      throw new Error('not a JWT');
    }
    if (header.typ !== 'at+jwt') throw new Error(`not an access token (typ ${quote(header.typ)})`);
    if (typeof header.kid !== 'string') throw new Error('no kid in its header');
    const published = await this.keys.publicKey(header.kid);
    if (!published) throw new Error(`unknown signing key kid ${quote(header.kid)}`);
    const { payload } = await jwtVerify(jwt, published.key, {
      issuer: this.config.publicUrl,
      algorithms: [published.alg],
      typ: 'at+jwt',
    });
    return payload;
  }
}
