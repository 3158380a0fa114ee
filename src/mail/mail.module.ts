import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig } from '../common/config/app-config.service';
import { MailQuota } from './mail-quota';
import { MailMessage, MailTransport } from './mail-transport';
import { LogMailTransport } from './log-mail-transport';

/** Sends through nodemailer to SMTP_URL. */
class SmtpMailTransport extends MailTransport {
  private readonly transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...message });
  }
}

/** Sending mail (SMTP_URL, or the log in development) and the per-address quota. */
@Module({
  providers: [
    {
      provide: MailTransport,
      inject: [AppConfig],
      useFactory: (config: AppConfig): MailTransport =>
        config.smtpUrl
          ? new SmtpMailTransport(config.smtpUrl, config.mailFrom)
          : new LogMailTransport(
              config.mailFrom,
              config.nodeEnv === 'development' ? join(config.dataDir, 'mail') : undefined,
            ),
    },
    MailQuota,
  ],
  exports: [MailTransport, MailQuota],
})
export class MailModule {}
