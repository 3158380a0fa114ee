import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { clientKey } from '../ephemeral/rate-limit/client-key';
import { Quotas, QuotaRule, QuotaTicket } from '../ephemeral/quotas';

const HOUR_MS = 3_600_000;

/** Mails a request may make the server send in an hour, per client address, account and recipient. */
export const MAIL_LIMITS = { perAddress: 20, perAccount: 5, perRecipient: 5 } as const;

/** Who a mail is for, on whose behalf, and from which client address it was asked. */
export interface MailRequest {
  recipient: string;
  /** The client address that asked, when a request did (a notification sent later may not know it). */
  ip?: string;
  /** The account (its username key) that asked, when there is one. */
  account?: string;
}

/**
 * Against mail bombing (docs/security.md#other-promises): every mail a request makes the server send is
 * reserved here first, per client address, per account and per recipient, in the shared store (Redis when
 * configured), so neither a burst, nor many accounts, nor many addresses can flood one mailbox.
 */
@Injectable()
export class MailQuota {
  constructor(private readonly quotas: Quotas) {}

  /** Reserves one mail, or throws 429 with Retry-After. Release the ticket if the mail is not sent after all. */
  async reserve(request: MailRequest): Promise<QuotaTicket> {
    const rule = (name: string, key: string, limit: number): QuotaRule => ({ name, key, limit, windowMs: HOUR_MS });
    const rules = [
      ...(request.ip === undefined ? [] : [rule('mail-address', clientKey(request.ip), MAIL_LIMITS.perAddress)]),
      ...(request.account === undefined ? [] : [rule('mail-account', request.account, MAIL_LIMITS.perAccount)]),
      rule('mail-recipient', mailboxKey(request.recipient), MAIL_LIMITS.perRecipient),
    ];
    const answer = await this.quotas.take(rules);
    if (!answer.granted)
      throw AppError.tooManyRequests('Too many emails were asked for. Try again later.', answer.retryAfterMs / 1000);
    return answer.ticket;
  }
}

/**
 * One key per mailbox: the domain is case-insensitive (RFC 5321 §2.4), and the local part is
 * lower-cased and cut at a `+` too, since most providers deliver `Name+tag@` to `name@`.
 */
export function mailboxKey(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address.toLowerCase();
  const local = address.slice(0, at).split('+')[0];
  return `${local}@${address.slice(at + 1)}`.toLowerCase();
}
