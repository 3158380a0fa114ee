import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4), as OWASP recommends. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed stored hash is a failed login, not a 500
    }
  }

  /**
   * Spends the same time as a real verification, for unknown usernames: otherwise the
   * response time would tell an attacker which accounts exist.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('consentry-dummy-password');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
