import { request as httpRequest, Server } from 'node:http';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../../src/consumers/consumer-lookup.service';
import { oauth1Proposal } from './consumers';
import { databaseKinds, DatabaseKind } from './databases';
import { available, GatewayKind, RunningGateway } from './gateways';
import { freePort, signedHeader, signer } from './oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './oauth2';
import { loginAgent } from './sessions';
import { createTestApp, TestApp } from './test-app';
import { makeUser } from './users';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const actionApi = require('../../examples/action-api/server.js') as { start(port: number): Promise<Server> };

/** Consentry, the example action API and a real gateway in front of it, all on loopback. */
export class GatewayStack {
  t!: TestApp;
  url!: string;
  dev!: TestAgent;
  admin!: TestAgent;
  web!: RegisteredClient;
  v1!: RegisteredClient;
  private api?: Server;
  private gateway?: RunningGateway;

  async start(kind: GatewayKind, database: DatabaseKind, env: Record<string, string> = {}): Promise<this> {
    const ports = { consentry: await freePort(), api: await freePort(), listen: await freePort() };
    this.t = await createTestApp(database, {
      PUBLIC_URL: `http://127.0.0.1:${ports.consentry}`,
      TRUST_PROXY: '127.0.0.1',
      ...env,
    });
    await this.t.app.listen(ports.consentry, '127.0.0.1');
    this.api = await actionApi.start(ports.api);
    this.gateway = await kind.start(ports);
    this.url = `http://127.0.0.1:${ports.listen}`;
    const devUser = await makeUser(this.t.app, { email: 'dev@example.org', emailVerified: true });
    this.dev = await loginAgent(this.t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(this.t.app, { groups: ['oauthadmin'] });
    this.admin = await loginAgent(this.t.server, adminUser.username, adminUser.password);
    this.web = await registerClient(this.dev, this.admin, {
      callbackUrl: 'https://web.example.org/cb',
      grants: ['editpage'],
    });
    this.v1 = await registerClient(this.dev, this.admin, oauth1Proposal({ grants: ['editpage'] }));
    return this;
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await new Promise<void>((resolve) => (this.api ? this.api.close(() => resolve()) : resolve()));
    await this.t?.close();
  }

  private sharedUser?: ReturnType<GatewayStack['user']>;

  /** One user for the tests that change nothing about it (making a user and its tokens takes seconds). */
  shared(): ReturnType<GatewayStack['user']> {
    this.sharedUser ??= this.user();
    return this.sharedUser;
  }

  /** A fresh user with an OAuth 2 token and OAuth 1.0a credentials for the stack's two clients. */
  async user(scope?: string) {
    const u = await makeUser(this.t.app);
    const agent = await loginAgent(this.t.server, u.username, u.password);
    const tokens = await obtainTokens(this.t.server, agent, this.web, scope);
    const creds = await this.t.app
      .get(AuthorizationsService)
      .authorize(u, (await this.t.app.get(ConsumerLookup).findByKey(this.v1.consumerKey))!);
    const v1 = { key: creds.accessToken!, secret: creds.accessSecret! };
    const sign = (url: string, method = 'GET') =>
      signedHeader(signer(this.v1.consumerKey, this.v1.secret), { url, method }, v1);
    return { user: u, agent, bearer: `Bearer ${tokens.access_token}`, v1, sign };
  }

  /**
   * A describe block per database kind around one stack; skipped, with a message, when the gateway
   * is not installed.
   */
  static describe(
    kind: GatewayKind,
    title: string,
    env: Record<string, string>,
    body: (stack: () => GatewayStack) => void,
  ): void {
    (available(kind) ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
      `${kind.name}, ${title}, on %s`,
      (database) => {
        // Made before it starts, so that afterAll stops whatever did start, even when beforeAll failed.
        const stack = new GatewayStack();
        // Booting Consentry, the API and the gateway, and making users, can take a while on a busy machine.
        beforeAll(async () => {
          await stack.start(kind, database, env);
        }, 120_000);
        afterAll(async () => {
          await stack.stop();
        }, 60_000);
        body(() => stack);
      },
    );
  }
}

export interface ApiAnswer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

/** A request through the gateway; the body as JSON when it is JSON (the API's or Consentry's), else as text. */
export async function through(url: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Record<string, any>;
  try {
    body = JSON.parse(text) as Record<string, any>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

/** A GET through the gateway with headers fetch() will not send as given (Host). */
export function rawThrough(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end();
  });
}
