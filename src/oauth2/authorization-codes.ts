import { Injectable } from '@nestjs/common';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { EphemeralStore } from '../ephemeral/ephemeral-store';

/** Reference 3.3: codes live ten minutes. */
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
 * Authorization codes in the ephemeral store, keyed by their hash, redeemed with an atomic take.
 * A second redemption finds the "used" marker, and its family can then be revoked.
 */
@Injectable()
export class AuthorizationCodes {
  constructor(private readonly store: EphemeralStore) {}

  async issue(record: Omit<CodeRecord, 'familyId'>): Promise<string> {
    const code = randomToken(32);
    const full: CodeRecord = { ...record, familyId: randomToken(16) };
    await this.store.set(`oauth2:code:${sha256Hex(code)}`, JSON.stringify(full), CODE_TTL_MS);
    return code;
  }

  async redeem(code: string): Promise<{ record?: CodeRecord; reusedFamily?: string }> {
    const hash = sha256Hex(code);
    const raw = await this.store.take(`oauth2:code:${hash}`);
    if (raw) {
      const record = JSON.parse(raw) as CodeRecord;
      await this.store.set(`oauth2:code-used:${hash}`, record.familyId, USED_TTL_MS);
      return { record };
    }
    const reusedFamily = await this.store.get(`oauth2:code-used:${hash}`);
    return reusedFamily ? { reusedFamily } : {};
  }
}
