import TestAgent from 'supertest/lib/agent';
import { DatabaseKind } from './databases';
import { freePort } from './oauth1';
import { registerClient, RegisteredClient } from './oauth2';
import { loginAgent } from './sessions';
import { createTestApp, TestApp } from './test-app';
import { makeUser } from './users';

/**
 * The app for client libraries written elsewhere: listening on a free loopback port, which is its
 * PUBLIC_URL (they reach it over TCP and check the issuer), with a developer who proposes consumers,
 * an OAuth admin who approves them, and a user with a verified email, logged in, who authorizes them.
 */
export interface ClientTestbed {
  t: TestApp;
  /** http://127.0.0.1:<port>, the PUBLIC_URL. */
  base: string;
  user: { id: number; agent: TestAgent };
  /** Proposes a consumer as the developer and approves it as the admin: an OAuth 2 one unless `oauthVersion: 1`. */
  register(overrides: Record<string, unknown>): Promise<RegisteredClient>;
}

export async function startClientTestbed(kind: DatabaseKind): Promise<ClientTestbed> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp(kind, { PUBLIC_URL: base });
  try {
    await t.app.listen(port, '127.0.0.1');
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    const alice = await makeUser(t.app, { email: 'alice@example.org', emailVerified: true });
    const agent = await loginAgent(t.server, alice.username, alice.password);
    return {
      t,
      base,
      user: { id: alice.id, agent },
      register: (overrides) => registerClient(devAgent, adminAgent, overrides),
    };
  } catch (error) {
    // Nobody else holds the app yet: close it, or its database outlives the failed setup.
    await t.close();
    throw error;
  }
}
