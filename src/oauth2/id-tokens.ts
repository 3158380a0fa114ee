import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AppConfig } from '../common/config/app-config.service';
import { User } from '../users/user.entity';
import { SigningKeys } from './keys/signing-keys.service';
import { ProfileClaims } from './profile-claims';

/** OpenID Connect Core §2: the ID token, issued with scope `openid`. */
@Injectable()
export class IdTokens {
  constructor(private readonly keys: SigningKeys, private readonly config: AppConfig, private readonly profile: ProfileClaims) {}

  async issue(input: { user: User; clientId: string; nonce?: string; authTime: number; grants: string[] }): Promise<string> {
    const { kid, alg, key } = await this.keys.current();
    const claims: Record<string, unknown> = { auth_time: input.authTime, ...this.profile.oidc(input.user, input.grants) };
    if (input.nonce !== undefined) claims.nonce = input.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuer(this.config.publicUrl)
      .setSubject(String(input.user.id))
      .setAudience(input.clientId)
      .setIssuedAt()
      .setExpirationTime(`${this.config.oauth2.accessTokenTtl}s`)
      .sign(key);
  }
}
