import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailMessage, MailTransport } from './mail-transport';

/**
 * Without SMTP_URL, development still works: each message (with its link) goes to the log and,
 * when a folder is given (development: DATA_DIR/mail), to an `.eml` file a mail client opens.
 */
export class LogMailTransport extends MailTransport {
  private readonly logger = new Logger('Mail');
  private written = 0;

  constructor(
    private readonly from: string,
    private readonly folder?: string,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.logger.log(`Mail to ${message.to} (SMTP_URL is not set): ${message.subject}\n${message.text}`);
    if (!this.folder) return;
    await mkdir(this.folder, { recursive: true });
    this.written += 1;
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${this.written}.eml`;
    const file = join(this.folder, name);
    await writeFile(file, toEml(this.from, message, new Date()), { mode: 0o600 });
    this.logger.log(`Mail written to ${file}`);
  }
}

/**
 * A minimal RFC 5322 message. Header values lose their line breaks: a subject or address holding
 * CR or LF would otherwise add headers of its own.
 */
export function toEml(from: string, message: MailMessage, date: Date): string {
  const header = (value: string) => value.replace(/[\r\n]+/g, ' ');
  const subject = /^[\x20-\x7e]*$/.test(message.subject)
    ? header(message.subject)
    : `=?UTF-8?B?${Buffer.from(header(message.subject), 'utf8').toString('base64')}?=`;
  return (
    [
      `From: ${header(from)}`,
      `To: ${header(message.to)}`,
      `Subject: ${subject}`,
      `Date: ${date.toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      message.text.replace(/\r?\n/g, '\r\n'),
    ].join('\r\n') + '\r\n'
  );
}
