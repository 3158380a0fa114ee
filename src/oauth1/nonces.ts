import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EphemeralStore } from '../ephemeral/ephemeral-store';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';

/**
 * RFC 5849 §3.3 and docs/mediawiki-compatibility.md#signatures-and-tokens: the timestamp window, and how long
 * a nonce is remembered.
 */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * Nonces are single-use per consumer and token within the timestamp window, recorded with an
 * atomic SET NX: of two requests carrying the same nonce, exactly one passes.
 */
@Injectable()
export class Nonces {
  constructor(private readonly store: EphemeralStore) {}

  async use(consumerKey: string, token: string, nonce: string, timestamp: number, nowSeconds: number): Promise<void> {
    // Remembered until the timestamp leaves the window: after that the timestamp check refuses a replay.
    const ttlMs = Math.max(1, timestamp + TIMESTAMP_WINDOW_SECONDS - nowSeconds + 1) * 1000;
    // One short digest per nonce: the in-memory store holds a window's worth of them (at 400
    // signed requests/s, 120,000), so a compact key keeps that memory small; so in Redis.
    const key = `oauth1:nonce:${hash('sha256', `${consumerKey}\0${token}\0${nonce}`, 'base64url')}`;
    if (!(await this.store.setIfAbsent(key, '1', ttlMs))) {
      throw new OAuth1ProtocolError('nonce_used', 'Nonce already used', 401);
    }
  }
}
