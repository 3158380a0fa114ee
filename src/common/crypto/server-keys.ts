import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import { hmacSha256 } from './tokens';

/**
 * Keys derived from SECRET_KEY, one per purpose, so that a key leaked from one use (say, the
 * email-confirmation signer) says nothing about another (cookie signing, consumer secrets).
 */
@Injectable()
export class ServerKeys {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly config: AppConfig) {}

  derive(purpose: string): Buffer {
    let key = this.cache.get(purpose);
    if (!key) {
      key = hmacSha256(this.config.secretKey, `consentry:${purpose}`);
      this.cache.set(purpose, key);
    }
    return key;
  }
}
