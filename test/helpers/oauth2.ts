import TestAgent from 'supertest/lib/agent';
import { oauth2Proposal, propose } from './consumers';

export interface RegisteredClient { consumerKey: string; secret: string; callbackUrl: string; etag: string; accessToken?: string }

/** Proposes an OAuth 2 client as `owner` and approves it as `admin`. */
export async function registerClient(owner: TestAgent, admin: TestAgent, overrides: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const c = await propose(owner, oauth2Proposal(overrides));
  if (c.stageName !== 'approved') {
    const res = await admin.post(`/api/v1/consumers/${c.consumerKey}/review`).set('If-Match', c.etag).send({ action: 'approve', reason: 'ok' }).expect(200);
    return { consumerKey: c.consumerKey, secret: c.secret, callbackUrl: c.callbackUrl, etag: res.headers.etag };
  }
  return { consumerKey: c.consumerKey, secret: c.secret, callbackUrl: c.callbackUrl, etag: c.etag, accessToken: c.accessToken };
}
