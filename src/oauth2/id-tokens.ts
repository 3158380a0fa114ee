import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { signCompact } from '../protocol/jose/compact-sign';
import { User } from '../users/user.entity';
import { SigningKeys } from '../keys/signing-keys.service';
import { ProfileClaims } from './profile-claims';

/** OpenID Connect Core §2: the ID token, issued with scope `openid`. */
@Injectable()
export class IdTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: AppConfig,
    private readonly profile: ProfileClaims,
  ) {}

  async issue(input: {
    user: User;
    clientId: string;
    nonce?: string;
    authTime: number;
    grants: string[];
  }): Promise<string> {
    const { kid, alg, key } = await this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      auth_time: input.authTime,
      ...this.profile.oidc(input.user, input.grants),
    };
    if (input.nonce !== undefined) claims.nonce = input.nonce;
    Object.assign(claims, {
      iss: this.config.publicUrl,
      sub: String(input.user.id),
      aud: input.clientId,
      iat: now,
      exp: now + this.config.oauth2.accessTokenTtl,
    });
    return signCompact(alg, { kid, typ: 'JWT' }, claims, key);
  }
}
