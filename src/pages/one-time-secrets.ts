import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../caller/session-cookie';
import { EphemeralStore } from '../ephemeral/ephemeral-store';

/** What the one-time page shows: a new consumer's or a reset's secret, and owner-only credentials. */
export interface OneTimeSecret {
  kind: 'created' | 'reset';
  secret: string;
  credentials?: { accessToken: string; accessSecret?: string };
}

/** Long enough to copy the values, short enough that a forgotten tab does not keep them. */
const TTL_MS = 10 * 60 * 1000;

/**
 * The secret shown once after a proposal or a reset (docs/consumers.md#the-secret-page): the
 * POST keeps it here and redirects; the page takes it (GETDEL), so a reload finds nothing. It is
 * bound to the login session (never in a URL or a cookie) and to the consumer, and stored
 * encrypted under a key derived from the session token, which the store never sees: the shared
 * store alone holds no usable secret (docs/development.md#house-rules).
 */
@Injectable()
export class OneTimeSecrets {
  constructor(private readonly store: EphemeralStore) {}

  /** False when the request has no login session to bind the value to (a Bearer token). */
  async keep(request: FastifyRequest, consumerKey: string, value: OneTimeSecret): Promise<boolean> {
    const session = sessionToken(request);
    if (!session) return false;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derive(session, 'key'), iv);
    cipher.setAAD(Buffer.from(consumerKey));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const stored = [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
    await this.store.set(storeKey(session, consumerKey), stored, TTL_MS);
    return true;
  }

  /** The value, once: of two concurrent requests, only one gets it. */
  async take(request: FastifyRequest, consumerKey: string): Promise<OneTimeSecret | null> {
    const session = sessionToken(request);
    if (!session) return null;
    const stored = await this.store.take(storeKey(session, consumerKey));
    if (!stored) return null;
    try {
      const [iv, tag, sealed] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', derive(session, 'key'), iv);
      decipher.setAAD(Buffer.from(consumerKey));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as OneTimeSecret;
    } catch {
      return null; // not sealed for this session: nothing to show
    }
  }
}

function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return typeof token === 'string' && token !== '' && request.principal?.via === 'session' ? token : undefined;
}

function derive(session: string, purpose: 'key' | 'id'): Buffer {
  return createHash('sha256').update(`consentry one-time secret ${purpose}\0${session}`).digest();
}

function storeKey(session: string, consumerKey: string): string {
  return `one-time-secret:${derive(session, 'id').toString('base64url')}:${consumerKey}`;
}
