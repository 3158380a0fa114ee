import { Injectable } from '@nestjs/common';
import { mailLanguage } from '../catalog/language';
import { Messages } from '../catalog/messages';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { QuotaTicket } from '../ephemeral/quotas';
import { MailQuota } from '../mail/mail-quota';
import { MailTransport } from '../mail/mail-transport';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LinkKind, SignedLinks } from './signed-links';

const LINK: LinkKind = { audience: 'consentry:confirm-email', key: 'email-confirmation' };

/**
 * Email confirmation by a signed link: the token names the user and the address, so it stops
 * working if the address changes, and it needs no table.
 */
@Injectable()
export class EmailConfirmationService {
  constructor(
    private readonly config: AppConfig,
    private readonly links: SignedLinks,
    private readonly mail: MailTransport,
    private readonly quota: MailQuota,
    private readonly users: UsersService,
    private readonly messages: Messages,
  ) {}

  /**
   * Reserves the confirmation mail to `email` for the account `accountKey` (its username key),
   * before the account is even written: 429 when a mail limit is reached (docs/security.md#other-promises).
   */
  reserve(email: string, accountKey: string, ip: string): Promise<QuotaTicket> {
    return this.quota.reserve({ recipient: email, account: accountKey, ip });
  }

  /** The resend button: the mail again, within the mail limits; nothing when there is nothing to confirm. */
  async resend(user: User, ip: string, requestLanguage?: string): Promise<void> {
    if (!user.email || user.emailVerified) return;
    await this.reserve(user.email, user.usernameKey, ip);
    await this.send(user, requestLanguage);
  }

  /**
   * Sends the link; the mail must have been reserved (`reserve`). In the account's language, else
   * the language of the page that asked for it (registration, the resend button), else English.
   */
  async send(user: User, requestLanguage?: string): Promise<void> {
    if (!user.email || user.emailVerified) return;
    const token = await this.links.sign(LINK, user.id, { email: user.email });
    const link = this.config.url(`/confirm-email?token=${token}`);
    const language = mailLanguage(this.messages.languages, user.language, requestLanguage);
    const params = { username: user.username, site: this.messages.text(language, 'site-name'), link };
    await this.mail.send({
      to: user.email,
      subject: this.messages.text(language, 'confirm-email-mail-subject', params),
      text: this.messages.text(language, 'confirm-email-mail-body', params),
    });
  }

  /** Marks the address verified; throws 400 for a bad, expired or outdated link. */
  async confirm(token: string): Promise<void> {
    const invalid = AppError.badRequest('This confirmation link is invalid or has expired.');
    const link = await this.links.verify(LINK, token);
    if (!link || typeof link.claims.email !== 'string') throw invalid;
    if (!(await this.users.setEmailVerified(link.userId, link.claims.email))) throw invalid;
  }
}
