import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { Messages } from '../catalog/messages';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { Quotas, QuotaTicket } from '../ephemeral/quotas';
import { clientKey } from '../ephemeral/rate-limit/client-key';
import { MAIL_LIMITS, MailQuota } from '../mail/mail-quota';
import { MailMessage, MailTransport } from '../mail/mail-transport';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle.service';
import { PasswordReset } from './password-reset.entity';

/** How long a link works (docs/security.md#forgot-password). */
export const RESET_LIFETIME_MS = 3_600_000;
/** Requests of the form per client address and hour, whatever they name: the only limit that answers 429. */
export const RESET_REQUESTS_PER_ADDRESS = 20;
/** The shape of a link's token: 32 random bytes, base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * "Forgot password" (docs/security.md#forgot-password): a request mails a single-use link, valid for an hour, to
 * the confirmed address of the account it names; the link sets a new password once and ends every session.
 * Whether the request named an account is never told: the answer is the same, and everything that depends
 * on the account (lookup, mail limits, the link, the mail) happens after it, in the background.
 */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger('PasswordReset');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly quotas: Quotas,
    private readonly mailQuota: MailQuota,
    private readonly mail: MailTransport,
    private readonly messages: Messages,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Counts one request of the form from `ip` (every request, whatever it names, so the count tells nothing);
   * 429 with Retry-After past the limit, as the login form answers.
   */
  async limitRequests(ip: string): Promise<void> {
    const rule = { name: 'reset-request-address', key: clientKey(ip), limit: RESET_REQUESTS_PER_ADDRESS };
    const answer = await this.quotas.take([{ ...rule, windowMs: 3_600_000 }]);
    if (!answer.granted) throw AppError.tooManyRequests('Too many requests.', answer.retryAfterMs / 1000);
  }

  /** Starts the work of a request in the background: its time and outcome must not depend on the account. */
  request(account: string, ip: string, language: string): void {
    const job = this.deliver(account, ip, language).catch((error: unknown) =>
      this.logger.warn(`A password reset request failed: ${(error as Error).message}`),
    );
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** Resolves once every request started so far has been handled (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }

  /**
   * The account a link may still reset, or null for a malformed, unknown, expired or used link, or a locked
   * account. The token is found by its hash, so no comparison of secrets runs in this process.
   */
  async accountOf(token: unknown): Promise<User | null> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const row = await this.resets.findOneBy({ tokenHash: sha256Hex(token) });
    if (!row || row.usedAt !== null || row.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.users.findById(row.userId);
    return user && !user.locked ? user : null;
  }

  /**
   * Counts one reset submission from `ip`, on the login form's per-address limit and window; a wrong link
   * keeps its count, so links cannot be guessed at speed (not that 256 bits could be), nor argon2 made to run.
   */
  async reserveSubmit(ip: string): Promise<QuotaTicket> {
    const { perIp, seconds } = this.config.loginThrottle;
    const answer = await this.quotas.take([
      { name: 'reset-submit-address', key: clientKey(ip), limit: perIp, windowMs: seconds * 1000 },
    ]);
    if (!answer.granted) throw AppError.tooManyRequests('Too many requests.', answer.retryAfterMs / 1000);
    return answer.ticket;
  }

  /**
   * Spends the link and sets the password: one conditional UPDATE decides, so of two submits at once exactly
   * one gets past it. Then every other link of the account is made void, every session ends and the login
   * lockout is lifted (the owner proved control of the mailbox). Null when the link is not usable (nothing
   * changes then).
   */
  async reset(token: string, password: string, ip: string): Promise<User | null> {
    const user = await this.accountOf(token);
    if (!user) return null;
    const now = new Date();
    const spent = await this.resets
      .createQueryBuilder()
      .update(PasswordReset)
      .set({ usedAt: now })
      .where('tokenHash = :hash AND usedAt IS NULL AND expiresAt > :now', { hash: sha256Hex(token), now })
      .execute();
    if ((spent.affected ?? 0) !== 1) return null;
    await this.users.setPassword(user.id, password);
    await this.resets
      .createQueryBuilder()
      .update(PasswordReset)
      .set({ usedAt: now })
      .where('userId = :id AND usedAt IS NULL', { id: user.id })
      .execute();
    await this.sessions.endAllForUser(user.id);
    await this.throttle.clearAccount(user.usernameKey);
    await this.audit.record({ action: 'user.password_reset', actor: user, target: target(user), ip });
    return user;
  }

  /** Usernames cannot hold `@` (src/users/username.ts), so an `@` means an address. */
  private async deliver(account: string, ip: string, language: string): Promise<void> {
    const found = account.includes('@')
      ? await this.users.findByVerifiedEmail(account, MAIL_LIMITS.perRecipient)
      : [await this.users.findByUsername(account)].filter((u): u is User => u !== null);
    // Mail goes only to a confirmed address (it may be someone else's otherwise); a locked account gets none.
    for (const user of found)
      if (user.email && user.emailVerified && !user.locked) await this.mailLink(user, user.email, ip, language);
  }

  private async mailLink(user: User, email: string, ip: string, requestLanguage: string): Promise<void> {
    let ticket: QuotaTicket;
    try {
      ticket = await this.mailQuota.reserve({ recipient: email, account: user.usernameKey, ip });
    } catch (error) {
      // A mail limit reached is not told either: the answer was the same, and no mail goes.
      this.logger.log(`No password reset mail for user ${user.id}: ${(error as Error).message}`);
      return;
    }
    const token = randomToken(32);
    const now = new Date();
    const row = await this.resets.save(
      this.resets.create({
        userId: user.id,
        tokenHash: sha256Hex(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS),
        usedAt: null,
        requestIp: ip.slice(0, 45),
      }),
    );
    try {
      await this.mail.send(this.message(user, email, token, requestLanguage));
    } catch (error) {
      await this.resets.delete({ id: row.id });
      await ticket.release();
      throw error;
    }
    await this.audit.record({ action: 'user.password_reset_requested', target: target(user), ip });
  }

  private message(user: User, email: string, token: string, requestLanguage: string): MailMessage {
    const language = user.language && this.messages.has(user.language) ? user.language : requestLanguage;
    const site = this.messages.text(language, 'site-name');
    const text = (key: string) =>
      this.messages.text(language, key, {
        site,
        username: user.username,
        link: this.config.url(`/reset-password?token=${token}`),
        minutes: RESET_LIFETIME_MS / 60_000,
      });
    return { to: email, subject: text('reset-mail-subject'), text: text('reset-mail-body') };
  }
}

function target(user: User): string {
  return `user ${user.id} (${user.username})`;
}
