import { Injectable } from '@nestjs/common';
import { EphemeralStore } from './ephemeral-store';

/** One limit: at most `limit` uses of `key` (an account, an address, a recipient) per window. */
export interface QuotaRule {
  /** What is counted, e.g. `login-account`; it names the counter, so one name has one meaning. */
  name: string;
  key: string;
  limit: number;
  windowMs: number;
}

export type QuotaAnswer =
  { granted: true; ticket: QuotaTicket } | { granted: false; refusedBy: string; retryAfterMs: number };

/** The uses one `take` counted; `release` gives them back once (an attempt that was not a failure). */
export class QuotaTicket {
  private released = false;

  constructor(private readonly giveBack: () => Promise<void>) {}

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.giveBack();
  }
}

/**
 * Reserve-before-act limits (docs/security.md#other-promises): a use is counted before the work it guards is
 * done, so a burst cannot all pass a check made before any of it is counted. Each rule is one
 * atomic `EphemeralStore.reserve` on one key, in Redis or in memory alike. Rules are taken in
 * order; when one refuses, those already taken are given back. A rule's count can therefore
 * stand one too high for a moment, never too low: no rule ever grants more than its limit.
 */
@Injectable()
export class Quotas {
  constructor(private readonly store: EphemeralStore) {}

  async take(rules: QuotaRule[]): Promise<QuotaAnswer> {
    const taken: string[] = [];
    for (const rule of rules) {
      const key = quotaKey(rule.name, rule.key);
      const answer = await this.store.reserve(key, rule.limit, rule.windowMs);
      if (!answer.granted) {
        await this.giveBack(taken);
        return { granted: false, refusedBy: rule.name, retryAfterMs: answer.msLeft };
      }
      taken.push(key);
    }
    return { granted: true, ticket: new QuotaTicket(() => this.giveBack(taken)) };
  }

  /** Forgets every use counted under `name` for `key` (an administrator lifting a lockout). */
  clear(name: string, key: string): Promise<void> {
    return this.store.delete(quotaKey(name, key));
  }

  private async giveBack(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.store.release(key)));
  }
}

function quotaKey(name: string, key: string): string {
  return `quota:${name}:${key}`;
}
