import { Injectable } from '@nestjs/common';
import { randomToken } from '../common/crypto/tokens';
import type { FastifyRequest } from 'fastify';
import { EphemeralStore } from '../ephemeral/ephemeral-store';
import { PagesService } from '../web/pages.service';

/** Sentences for the next page: their catalog keys, and the parameters they fill. */
export interface PageNotice {
  keys: string[];
  params?: Record<string, string>;
}

/** Long enough to follow a redirect, short enough that an old link shows nothing. */
const NOTICE_TTL_MS = 5 * 60_000;
const ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * "What just happened" after a POST that redirects (POST, 303, GET): stored under a random id that
 * goes in the address, shown once and only to the user who acted. Nobody can make a page say
 * "Approved" by sending a link, and a reload after it was shown says nothing.
 */
@Injectable()
export class PageNotices {
  constructor(
    private readonly store: EphemeralStore,
    private readonly pages: PagesService,
  ) {}

  /** The notice the address names (`?notice=`), in the request's language; taken, so shown once. */
  async shown(request: FastifyRequest): Promise<string | undefined> {
    const { notice } = (request.query ?? {}) as Record<string, unknown>;
    const user = request.principal?.user;
    const found = user ? await this.take(notice, user.id) : undefined;
    return found?.keys.map((key) => this.pages.text(request, key, found.params)).join(' ');
  }

  async put(userId: number, notice: PageNotice): Promise<string> {
    const id = randomToken();
    await this.store.set(`notice:${id}`, JSON.stringify({ userId, ...notice }), NOTICE_TTL_MS);
    return id;
  }

  /** The notice under `id` for `userId`, taken (shown once); undefined for anything else. */
  async take(id: unknown, userId: number): Promise<PageNotice | undefined> {
    if (typeof id !== 'string' || !ID.test(id)) return undefined;
    const raw = await this.store.take(`notice:${id}`);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as PageNotice & { userId: number };
    return stored.userId === userId ? { keys: stored.keys, params: stored.params } : undefined;
  }
}
