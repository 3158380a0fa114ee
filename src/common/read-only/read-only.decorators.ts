import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * What a route does to the data in read-only mode (docs/operations.md#read-only-mode). Unmarked,
 * the method decides: GET, HEAD and OPTIONS read, anything else writes, so a new write route is
 * refused without anyone thinking of it.
 */
export type ReadOnlyRule = 'reads' | 'writes' | ((request: FastifyRequest) => boolean);

export const READ_ONLY_RULE = 'consentry:read-only-rule';

/**
 * A POST (or other unsafe method) that changes no data: it reads (introspection, the gateway's
 * POST /auth/verify, OAuth 1.0a identify, userinfo), or writes only what read-only mode leaves
 * writable: sessions, nonces, counters and the audit trail (login, logout).
 */
export const ReadsOnly = () => SetMetadata(READ_ONLY_RULE, 'reads' satisfies ReadOnlyRule);

/** A GET that changes data or leads only to a change (OAuth 1.0a initiate and token, the authorize steps). */
export const Writes = () => SetMetadata(READ_ONLY_RULE, 'writes' satisfies ReadOnlyRule);

/** A route whose request says whether it writes (MediaWiki's `title=Special:OAuth/<step>`): true when it does. */
export const WritesWhen = (writes: (request: FastifyRequest) => boolean) =>
  SetMetadata(READ_ONLY_RULE, writes satisfies ReadOnlyRule);
