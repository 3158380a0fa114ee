import TestAgent from 'supertest/lib/agent';

/** A valid OAuth 2 proposal body; override what a test is about. */
export function oauth2Proposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    oauthVersion: 2,
    name: `App ${Math.random().toString(36).slice(2, 8)}`,
    version: '1.0',
    description: 'Does useful things.',
    callbackUrl: 'https://app.example.org/callback',
    grants: ['editpage'],
    agreement: true,
    ...overrides,
  };
}

export function oauth1Proposal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...oauth2Proposal(), oauthVersion: 1, ...overrides };
}

/** Proposes through the API and returns the body with the ETag. */
export async function propose(
  agent: TestAgent,
  body: Record<string, unknown>,
): Promise<Record<string, any> & { consumerKey: string; etag: string }> {
  const res = await agent.post('/api/v1/consumers').send(body).expect(201);
  return { ...res.body, etag: res.headers.etag };
}

/** Current ETag of a consumer, as read by `agent`. */
export async function etagOf(agent: TestAgent, key: string): Promise<string> {
  return (await agent.get(`/api/v1/consumers/${key}`).expect(200)).headers.etag;
}
