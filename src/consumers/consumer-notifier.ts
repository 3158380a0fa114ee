import { Injectable, Logger } from '@nestjs/common';
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
 * itself has already been committed.
 */
@Injectable()
export class ConsumerNotifier {
  private readonly logger = new Logger('ConsumerNotifier');

  constructor(
    private readonly config: AppConfig,
    private readonly mail: MailTransport,
    private readonly quota: MailQuota,
    private readonly users: UsersService,
  ) {}

  async proposed(consumer: Consumer, ownerName: string): Promise<void> {
    const groups = this.config.consumers.notifyGroups;
    if (groups.length === 0) return;
    const recipients = await this.users.mailableMembersOf(groups, consumer.ownerId);
    const link = this.config.url(`/manage/consumers/${consumer.consumerKey}`);
    await Promise.all(
      recipients.map((r) =>
        this.send(
          r.email,
          `New OAuth consumer proposed: ${consumer.name} [${consumer.version}]`,
          `${ownerName} proposed the OAuth ${consumer.oauthVersion === 1 ? '1.0a' : '2'} consumer ` +
            `"${consumer.name}" [${consumer.version}] with the grants ${consumer.grants.join(', ')}.\n\n` +
            `Review it: ${link}\n`,
        ),
      ),
    );
  }

  /** True when the owner was mailed (the review page says so). An approval may come without a reason. */
  async stageChanged(consumer: Consumer, action: string, performerId: number | null, reason: string): Promise<boolean> {
    if (performerId === consumer.ownerId) return false;
    const owner = await this.users.findById(consumer.ownerId);
    if (!owner?.email || !owner.emailVerified) return false;
    const verb =
      { approve: 'approved', reject: 'rejected', disable: 'disabled', reenable: 're-enabled', update: 'updated' }[
        action
      ] ?? action;
    return this.send(
      owner.email,
      `Your OAuth consumer ${consumer.name} [${consumer.version}] was ${verb}`,
      `Your OAuth consumer "${consumer.name}" [${consumer.version}] (key ${consumer.consumerKey}) was ${verb}.\n` +
        (reason ? `\nReason: ${reason}\n` : ''),
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
