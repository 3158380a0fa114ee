import { Injectable } from '@nestjs/common';
import { JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AppConfig } from '../common/config/app-config.service';
import { ServerKeys } from '../common/crypto/server-keys';

/** One kind of link: its audience, and the name of the key derived from SECRET_KEY that signs it. */
export interface LinkKind {
  audience: string;
  key: string;
}

/**
 * Links mailed to people that need no table: an HS256 token under a key of its own, naming the
 * account (`sub`) and what the link is about, for 24 hours. Each kind checks its claims itself,
 * so that a link stops working once what it names has changed (email-confirmation.service.ts,
 * email-change.service.ts).
 */
@Injectable()
export class SignedLinks {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: ServerKeys,
  ) {}

  sign(kind: LinkKind, userId: number, claims: JWTPayload, lifetime = '24h'): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(userId))
      .setAudience(kind.audience)
      .setIssuer(this.config.publicUrl)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(this.keys.derive(kind.key));
  }

  /** The account and the claims of a good link of this kind; undefined for a bad, expired or foreign one. */
  async verify(kind: LinkKind, token: string): Promise<{ userId: number; claims: JWTPayload } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys.derive(kind.key), {
        audience: kind.audience,
        issuer: this.config.publicUrl,
        algorithms: ['HS256'],
      });
      const userId = Number(payload.sub);
      return Number.isSafeInteger(userId) ? { userId, claims: payload } : undefined;
    } catch {
      return undefined;
    }
  }
}
