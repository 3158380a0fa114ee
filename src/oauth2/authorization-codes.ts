import { Injectable } from '@nestjs/common';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { EphemeralStore } from '../ephemeral/ephemeral-store';

/** Codes live ten minutes, as in MediaWiki (docs/mediawiki-compatibility.md#grant-types). */
const CODE_TTL_MS = 600_000;
/** How long a redeemed code is remembered, to detect its reuse. */
const USED_TTL_MS = 3_600_000;

export interface CodeRecord {
  clientId: string;
  /** The redirect_uri sent to /authorize, if any: the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUri?: string;
  userId: number;
  authorizationId: number;
  scopes: string[];
  challenge?: string;
  challengeMethod?: string;
  nonce?: string;
  authTime: number;
  familyId: string;
}

/**
 * Authorization codes in the ephemeral store, keyed by their hash, redeemed with an atomic take
 * that leaves a "used" marker in the same step (one round trip). A second redemption finds the
 * marker, and the family of the tokens the first one started can then be revoked (RFC 6749
 * §4.1.2). The family is derived from the code, so the marker needs to hold nothing else and
 * a reuse can name the family without the record, which the first redemption took.
 */
@Injectable()
export class AuthorizationCodes {
  constructor(private readonly store: EphemeralStore) {}

  async issue(record: Omit<CodeRecord, 'familyId'>): Promise<string> {
    const code = randomToken(32);
    const full: CodeRecord = { ...record, familyId: familyOf(code) };
    await this.store.set(`oauth2:code:{${sha256Hex(code)}}`, JSON.stringify(full), CODE_TTL_MS);
    return code;
  }

  async redeem(code: string): Promise<{ record?: CodeRecord; reusedFamily?: string }> {
    const hash = sha256Hex(code);
    // One hash tag for both keys: a Redis Cluster keeps them in one slot, where one script may touch both.
    const used = `oauth2:code-used:{${hash}}`;
    const raw = await this.store.takeAndMark(`oauth2:code:{${hash}}`, used, '1', USED_TTL_MS);
    if (raw) return { record: JSON.parse(raw) as CodeRecord };
    return (await this.store.get(used)) ? { reusedFamily: familyOf(code) } : {};
  }
}

/** The family of everything one code starts: one-way from the code, so it tells nothing about it. */
function familyOf(code: string): string {
  return sha256Hex(`oauth2-family:${code}`).slice(0, 32);
}
