import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { consumeOrThrow, createLimiter } from '../common/rate-limit/limiter';
import { REDIS } from '../redis/redis.module';

/**
 * Counts failed logins per account and per client address; when either runs out, logins are
 * refused (429 with Retry-After) until the window passes. Counted in Redis when configured, so
 * that spreading attempts over instances does not help; in memory otherwise.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly registrations: RateLimiterAbstract;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis | null) {
    const { perAccount, perIp, seconds } = config.loginThrottle;
    this.perAccount = createLimiter(redis, 'login-fail-account', perAccount, seconds);
    this.perIp = createLimiter(redis, 'login-fail-ip', perIp, seconds);
    this.registrations = createLimiter(redis, 'register-ip', 10, 3600);
  }

  /** Throws 429 if this account or address has no attempts left. */
  async check(accountKey: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.perAccount.get(accountKey), this.perIp.get(ip)]);
    const blocked = [account, address].filter((r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0);
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000;
      throw AppError.tooManyRequests('Too many failed login attempts. Wait a while and try again.', wait);
    }
  }

  async recordFailure(accountKey: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.penalty(accountKey, 1), this.perIp.penalty(ip, 1)]);
  }

  /** Forgets the account's failures: after a successful login, or when an administrator lifts a lockout. */
  async clearAccount(accountKey: string): Promise<void> {
    await this.perAccount.delete(accountKey);
  }

  /** Account creation is limited per address too (10 an hour), against bulk sign-ups. */
  consumeRegistration(ip: string): Promise<void> {
    return consumeOrThrow(this.registrations, ip, 'Too many accounts were created from your address. Try again later.');
  }
}
