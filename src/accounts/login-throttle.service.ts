import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { clientKey } from '../ephemeral/rate-limit/client-key';
import { Quotas, QuotaRule, QuotaTicket } from '../ephemeral/quotas';

const REGISTRATIONS_PER_HOUR = 10;

/**
 * Limits the checks of a password (the login form, the current password of a password change)
 * per account and per client address within LOGIN_THROTTLE_SECONDS. Each check is reserved
 * before the password is hashed (docs/security.md#other-promises): a burst can never have more passwords
 * checked than the limit, however many instances it is spread over (the counters are in Redis when it is
 * configured). A wrong password keeps its reservation; a right one gives back its own and only
 * its own, so the failures that raced it still count. Once the limit is reached: 429 with
 * Retry-After until the window (which starts at the first attempt) ends.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAccount: Omit<QuotaRule, 'key'>;
  private readonly perAddress: Omit<QuotaRule, 'key'>;

  constructor(
    config: AppConfig,
    private readonly quotas: Quotas,
    private readonly audit: AuditLog,
  ) {
    const { perAccount, perIp, seconds } = config.loginThrottle;
    this.perAccount = { name: 'login-account', limit: perAccount, windowMs: seconds * 1000 };
    this.perAddress = { name: 'login-address', limit: perIp, windowMs: seconds * 1000 };
  }

  /**
   * Reserves one password check, or throws 429 (recorded as `login.throttled`). Release the ticket
   * when the password was right.
   */
  async reserve(accountKey: string, ip: string): Promise<QuotaTicket> {
    // The address first: one that is over its limit never holds a point of someone's account.
    const answer = await this.quotas.take([
      { ...this.perAddress, key: clientKey(ip) },
      { ...this.perAccount, key: accountKey },
    ]);
    if (answer.granted) return answer.ticket;
    this.audit.count({ action: 'login.throttled', target: `account ${accountKey}`, ip });
    throw AppError.tooManyRequests(
      'Too many failed login attempts. Wait a while and try again.',
      answer.retryAfterMs / 1000,
    );
  }

  /** Forgets the account's failures, when an administrator lifts a lockout. */
  clearAccount(accountKey: string): Promise<void> {
    return this.quotas.clear(this.perAccount.name, accountKey);
  }

  /** Account creation is limited per address too (10 an hour), against bulk sign-ups. */
  async consumeRegistration(ip: string): Promise<void> {
    const rule = { name: 'register-address', key: clientKey(ip), limit: REGISTRATIONS_PER_HOUR, windowMs: 3_600_000 };
    const answer = await this.quotas.take([rule]);
    if (answer.granted) return;
    throw AppError.tooManyRequests(
      'Too many accounts were created from your address. Try again later.',
      answer.retryAfterMs / 1000,
    );
  }
}
