import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { SessionCookie } from '../caller/session-cookie';

/** Starts and ends a browser's session: the stored session and its cookie together. */
@Injectable()
export class SessionLogin {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
  ) {}

  async start(request: FastifyRequest, reply: FastifyReply, user: User): Promise<void> {
    // A fresh id at every login: a session id planted before login is worth nothing after it.
    await this.sessions.end(this.cookie.read(request));
    const { token, record } = await this.sessions.start(user.id, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    });
    this.cookie.set(reply, token, record.expiresAt);
  }

  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    await this.sessions.end(this.cookie.read(request));
    this.cookie.clear(reply);
  }
}
