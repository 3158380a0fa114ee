/** One outgoing email. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: SMTP when SMTP_URL is set, the log otherwise; tests record it. */
export abstract class MailTransport {
  abstract send(message: MailMessage): Promise<void>;
}
