import { Injectable } from '@nestjs/common';
import Tokens from '@fastify/csrf';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';

export const CSRF_COOKIE = 'consentry_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Synchronizer tokens for every form: the secret lives in a signed HttpOnly cookie (so it works
 * before login too, which stops login CSRF); each page gets a token derived from it.
 */
@Injectable()
export class CsrfService {
  private readonly tokens = new Tokens({});

  constructor(private readonly config: AppConfig) {}

  /** A token for a form on this response, creating the secret cookie if needed. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let secret = this.secret(request);
    if (!secret) {
      secret = this.tokens.secretSync();
      reply.setCookie(CSRF_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/',
        signed: true,
      });
    }
    return this.tokens.create(secret);
  }

  /** Throws 403 unless the request carries a token matching its cookie. */
  verify(request: FastifyRequest): void {
    const secret = this.secret(request);
    const body = request.body as Record<string, unknown> | undefined;
    const token = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : request.headers['x-csrf-token'];
    if (!secret || typeof token !== 'string' || !this.tokens.verify(secret, token)) {
      throw new AppError(
        403,
        'csrf_failed',
        'This form has expired or did not come from this site. Go back, reload the page and try again.',
      );
    }
  }

  private secret(request: FastifyRequest): string | undefined {
    const raw = request.cookies?.[CSRF_COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : undefined;
  }
}
