import { createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CryptoKey, exportJWK, exportPKCS8, generateKeyPair, importJWK, JWK } from 'jose';
import { IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../common/config/app-config.service';
import { ServerKeys } from '../common/crypto/server-keys';
import { AuditLog } from '../audit/audit-log.service';
import type { SigningAlgorithm } from '../protocol/jose/compact-sign';
import { decrypt, encrypt } from './key-encryption';
import { SigningKey } from './signing-key.entity';

/** A node:crypto key, for signCompact: signing stays synchronous (see src/protocol/jose). */
export interface ActiveKey {
  kid: string;
  alg: SigningAlgorithm;
  key: KeyObject;
}

const CACHE_MS = 60_000;

/**
 * Token signing keys, kept in the database so that every instance signs with the same ones and
 * publishes all of them. A rotation publishes the new key before it signs, and keeps the old
 * one published until the tokens it signed have expired.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger('SigningKeys');
  private signing?: { value: ActiveKey; until: number };
  /** Published keys by kid, each read from the database at most once a CACHE_MS (only found ones). */
  private readonly verifying = new Map<
    string,
    { key: CryptoKey; alg: string; expiresAt: Date | null; until: number }
  >();

  constructor(
    @InjectRepository(SigningKey) private readonly keys: Repository<SigningKey>,
    private readonly config: AppConfig,
    private readonly serverKeys: ServerKeys,
    private readonly audit: AuditLog,
  ) {}

  /** First start: a key to sign with. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.keys.countBy({ activatesAt: LessThanOrEqual(new Date()) })) === 0) {
      const kid = await this.create(new Date());
      this.logger.log(`Created the first token signing key ${kid} (${this.config.oauth2.signingAlg})`);
    }
  }

  /** The newest key whose activation time has come. */
  async current(): Promise<ActiveKey> {
    if (this.signing && this.signing.until > Date.now()) return this.signing.value;
    const row = await this.keys
      .createQueryBuilder('k')
      .addSelect('k.privateKeyEncrypted')
      .where('k.activatesAt <= :now', { now: new Date() })
      .andWhere('(k.expiresAt IS NULL OR k.expiresAt > :now)', { now: new Date() })
      .orderBy('k.activatesAt', 'DESC')
      .getOne();
    if (!row) throw new Error('No token signing key is active');
    let pem: string;
    try {
      pem = decrypt(row.privateKeyEncrypted!, this.encryptionKey());
    } catch {
      // SECRET_KEY changed: the stored key cannot be opened. Sign with a new one from now on;
      // tokens signed before still verify against the old public key while it stays published.
      this.logger.error(
        `Signing key ${row.kid} cannot be decrypted with the current SECRET_KEY; creating a new signing key`,
      );
      await this.rotate(0);
      return this.current();
    }
    const value = { kid: row.kid, alg: row.alg as SigningAlgorithm, key: createPrivateKey(pem) };
    this.signing = { value, until: Date.now() + CACHE_MS };
    return value;
  }

  /** Every published key (RFC 7517), for /oauth2/jwks. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.published();
    return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
  }

  /** The public key for a `kid`, if it is published (verifications use only these). */
  async publicKey(kid: string): Promise<{ key: CryptoKey; alg: string } | undefined> {
    let entry = this.verifying.get(kid);
    if (!entry || entry.until <= Date.now()) {
      // Every token is verified once before its signature is cached: without this, each new
      // token cost a key lookup. A key's retirement is set long before it takes effect (rotate).
      const row = await this.keys.findOneBy({ kid });
      if (!row) return undefined;
      const key = entry?.key ?? ((await importJWK(JSON.parse(row.publicJwk) as JWK, row.alg)) as CryptoKey);
      entry = { key, alg: row.alg, expiresAt: row.expiresAt, until: Date.now() + CACHE_MS };
      this.verifying.set(kid, entry);
    }
    if (entry.expiresAt && entry.expiresAt <= new Date()) return undefined;
    return { key: entry.key, alg: entry.alg };
  }

  /**
   * Rotation (`npm run cli -- keys:rotate`): the new key is published at once and signs from
   * `activateInSeconds` on; older keys stop signing then and leave JWKS once their longest-lived
   * tokens (owner-only ones) have expired.
   */
  async rotate(activateInSeconds: number): Promise<{ kid: string; activatesAt: Date }> {
    const activatesAt = new Date(Date.now() + activateInSeconds * 1000);
    const kid = await this.create(activatesAt);
    const retireAfter = new Date(activatesAt.getTime() + this.config.oauth2.ownerOnlyTokenTtl * 1000);
    await this.keys.update(
      { expiresAt: IsNull(), activatesAt: LessThanOrEqual(new Date(activatesAt.getTime() - 1)) },
      { expiresAt: retireAfter },
    );
    this.signing = undefined;
    this.verifying.clear();
    await this.audit.record({
      action: 'keys.rotated',
      target: `signing key ${kid}`,
      details: { activatesAt: activatesAt.toISOString() },
    });
    return { kid, activatesAt };
  }

  private async published(): Promise<SigningKey[]> {
    const now = new Date();
    return this.keys.find({
      where: [{ expiresAt: IsNull() }, { expiresAt: MoreThan(now) }],
      order: { activatesAt: 'DESC' },
    });
  }

  private async create(activatesAt: Date): Promise<string> {
    const alg = this.config.oauth2.signingAlg;
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    const kid = randomBytes(12).toString('base64url');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    await this.keys.insert({
      kid,
      alg,
      publicJwk: JSON.stringify(jwk),
      privateKeyEncrypted: encrypt(await exportPKCS8(privateKey), this.encryptionKey()),
      createdAt: new Date(),
      activatesAt,
      expiresAt: null,
    });
    return kid;
  }

  private encryptionKey(): Buffer {
    return this.serverKeys.derive('signing-key-encryption');
  }
}
