import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { mailLanguage } from '../catalog/language';
import { Messages } from '../catalog/messages';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { QuotaTicket } from '../ephemeral/quotas';
import { MailQuota } from '../mail/mail-quota';
import { MailTransport } from '../mail/mail-transport';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccountSettings, target } from './account-settings.service';
import { LinkKind, SignedLinks } from './signed-links';

const LINK: LinkKind = { audience: 'consentry:change-email', key: 'email-change' };

/**
 * Changing (or adding) an account's email address: the current password, then a signed link to
 * the new address, like the confirmation link of email-confirmation.service.ts. The token names
 * the user, the old address and the new one, so it stops working once the address is no longer
 * the old one (the change it made, or another since); it needs no table. The old address, when
 * confirmed, is told that a change was asked for. Two accounts may share an address, as at
 * registration: refusing one in use would tell anyone which addresses have accounts.
 */
@Injectable()
export class EmailChange {
  constructor(
    private readonly config: AppConfig,
    private readonly links: SignedLinks,
    private readonly mail: MailTransport,
    private readonly quota: MailQuota,
    private readonly users: UsersService,
    private readonly settings: AccountSettings,
    private readonly audit: AuditLog,
    private readonly messages: Messages,
  ) {}

  /** Sends the link (and the notice); the address itself changes only in `confirm`. */
  async request(user: User, input: { email: string; currentPassword: string }, ip: string, language: string) {
    await this.settings.checkCurrentPassword(user, input.currentPassword, ip, 'user.email_change_failed');
    const account = await this.users.getById(user.id);
    if (account.email === input.email)
      throw AppError.badRequest('That is already your address.', [{ field: 'email', message: 'is already yours' }]);
    const notify = account.email !== null && account.emailVerified ? account.email : null;
    const tickets = await this.reserve(account, input.email, notify, ip);
    try {
      const lang = mailLanguage(this.messages.languages, account.language, language);
      const link = this.config.url(`/account/email/confirm?token=${await this.sign(account, input.email)}`);
      const params = { username: account.username, site: this.config.publicUrl, link };
      await this.mail.send({
        to: input.email,
        subject: this.messages.text(lang, 'account-mail-change-subject', params),
        text: this.messages.text(lang, 'account-mail-change-body', params),
      });
      if (notify) await this.sendNotice(account, notify, lang);
    } catch (error) {
      await Promise.all(tickets.map((ticket) => ticket.release()));
      throw error;
    }
    await this.audit.record({
      action: 'user.email_change_requested',
      actor: account,
      target: target(account),
      ip,
      details: { hadAddress: account.email !== null },
    });
  }

  /** Makes the change the link names; 400 for a bad, expired, spent or outdated link. */
  async confirm(token: string, ip: string): Promise<User> {
    const invalid = AppError.badRequest('This link is invalid or has expired.');
    const link = await this.links.verify(LINK, token);
    if (!link) throw invalid;
    const id = link.userId;
    const { from, to } = link.claims as { from?: unknown; to?: unknown };
    if (typeof to !== 'string' || (from !== null && typeof from !== 'string')) throw invalid;
    // One conditional UPDATE decides: the link is spent by the change it makes (users.service.ts#replaceEmail).
    if (!(await this.users.replaceEmail(id, from, to))) throw invalid;
    const user = await this.users.getById(id);
    await this.audit.record({ action: 'user.email_changed', actor: user, target: target(user), ip });
    return user;
  }

  /** The link to the new address, and the notice to the old one: both within the mail limits, or neither. */
  private async reserve(account: User, email: string, notify: string | null, ip: string): Promise<QuotaTicket[]> {
    const link = await this.quota.reserve({ recipient: email, account: account.usernameKey, ip });
    if (!notify) return [link];
    try {
      return [link, await this.quota.reserve({ recipient: notify, ip })];
    } catch (error) {
      await link.release();
      throw error;
    }
  }

  private sign(account: User, email: string): Promise<string> {
    return this.links.sign(LINK, account.id, { from: account.email, to: email });
  }

  /** Which account, and when; not the new address (the mailbox may no longer be the owner's). */
  private async sendNotice(account: User, to: string, language: string): Promise<void> {
    const params = {
      username: account.username,
      site: this.config.publicUrl,
      time: utcTime(new Date(), language),
      sessions: this.config.url('/account/sessions'),
    };
    await this.mail.send({
      to,
      subject: this.messages.text(language, 'account-mail-notice-subject', params),
      text: this.messages.text(language, 'account-mail-notice-body', params),
    });
  }
}

/** A date and time in words of `language`, in UTC (a mail has no time zone to go by). */
function utcTime(date: Date, language: string): string {
  const options = { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' } as const;
  try {
    return new Intl.DateTimeFormat(language, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(date);
  }
}
