import { MailMessage, MailTransport } from '../../src/mail/mail-transport';

/** Keeps sent mail in memory so tests can follow the links in it. */
export class RecordingMailTransport extends MailTransport {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  lastTo(address: string): MailMessage | undefined {
    return [...this.sent].reverse().find((m) => m.to === address);
  }
}
