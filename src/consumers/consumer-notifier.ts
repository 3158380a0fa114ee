import { Injectable, Logger } from '@nestjs/common';
import { mailLanguage } from '../catalog/language';
import { Messages } from '../catalog/messages';
import { AppConfig } from '../common/config/app-config.service';
import { MailQuota } from '../mail/mail-quota';
import { MailTransport } from '../mail/mail-transport';
import { UsersService } from '../users/users.service';
import { Consumer } from './consumer.entity';

/**
 * As in MediaWiki (docs/mediawiki-compatibility.md#proposals), a proposal notifies the members of
 * NOTIFY_GROUPS (not the owner); every other stage change notifies the owner unless the owner did
 * it. Mail goes only to confirmed addresses: an address nobody confirmed may be someone else's.
 * Reviewers get the review page's address. Mail failures are logged, never thrown: the change
 * itself has already been committed. Each mail is in its recipient's account language, else English:
 * the browser of the person who acted says nothing about the recipient's (docs/development.md#languages).
 */
/** The stage changes whose mails have sentences of their own in the catalog (catalog/messages/en/review.json). */
const MAILED_ACTIONS = { approve: true, reject: true, disable: true, reenable: true, update: true };

@Injectable()
export class ConsumerNotifier {
  private readonly logger = new Logger('ConsumerNotifier');

  constructor(
    private readonly config: AppConfig,
    private readonly mail: MailTransport,
    private readonly quota: MailQuota,
    private readonly users: UsersService,
    private readonly messages: Messages,
  ) {}

  async proposed(consumer: Consumer, ownerName: string): Promise<void> {
    const groups = this.config.consumers.notifyGroups;
    if (groups.length === 0) return;
    const recipients = await this.users.mailableMembersOf(groups, consumer.ownerId);
    const link = this.config.url(`/manage/consumers/${consumer.consumerKey}`);
    const params = {
      owner: ownerName,
      protocol: consumer.oauthVersion === 1 ? '1.0a' : '2',
      name: consumer.name,
      version: consumer.version,
      grants: consumer.grants.join(', '),
      link,
    };
    await Promise.all(
      recipients.map((r) => {
        const language = mailLanguage(this.messages.languages, r.language);
        const text = (key: string) => this.messages.text(language, key, params);
        return this.send(r.email, text('rv-mail-proposed-subject'), text('rv-mail-proposed-body'));
      }),
    );
  }

  /** True when the owner was mailed (the review page says so). An approval may come without a reason. */
  async stageChanged(consumer: Consumer, action: string, performerId: number | null, reason: string): Promise<boolean> {
    if (performerId === consumer.ownerId) return false;
    const owner = await this.users.findById(consumer.ownerId);
    if (!owner?.email || !owner.emailVerified) return false;
    const language = mailLanguage(this.messages.languages, owner.language);
    const params = { name: consumer.name, version: consumer.version, key: consumer.consumerKey, action, reason };
    // One sentence per action, so that each language words it whole; an unknown action is named as it is.
    const known = Object.hasOwn(MAILED_ACTIONS, action) ? action : 'other';
    const text = (key: string) => this.messages.text(language, key, params);
    return this.send(
      owner.email,
      text(`rv-mail-${known}-subject`),
      text(`rv-mail-${known}-body`) + (reason ? text('rv-mail-reason') : ''),
    );
  }

  /**
   * Counted per recipient like every mail a request triggers (docs/security.md, mail bombing):
   * many accounts proposing at once cannot flood a reviewer's mailbox. Past the limit the mail
   * is skipped and logged; the change itself stands, and the review queue shows it.
   */
  private async send(to: string, subject: string, text: string): Promise<boolean> {
    try {
      await this.quota.reserve({ recipient: to });
    } catch (error) {
      this.logger.warn(`Not mailing ${to} (${(error as Error).message}): ${subject}`);
      return false;
    }
    try {
      await this.mail.send({ to, subject, text });
      return true;
    } catch (error) {
      this.logger.warn(`Could not mail ${to}: ${(error as Error).message}`);
      return false;
    }
  }
}
