import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';

export const SESSION_COOKIE = 'consentry_session';

/** The session cookie: HttpOnly, SameSite=Lax, Secure when PUBLIC_URL is https. */
@Injectable()
export class SessionCookie {
  constructor(private readonly config: AppConfig) {}

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[SESSION_COOKIE];
  }

  set(reply: FastifyReply, token: string, expiresAt: Date): void {
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: '/',
      expires: expiresAt,
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: '/',
    });
  }
}
