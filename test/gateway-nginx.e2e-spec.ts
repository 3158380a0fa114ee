import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { UsersService } from '../src/users/users.service';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { freePort, signedHeader, signer } from './helpers/oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const actionApi = require('../examples/action-api/server.js') as { start(port: number): Promise<Server> };

const NGINX = '/usr/sbin/nginx';
const haveNginx = existsSync(NGINX);
if (!haveNginx) process.stderr.write(`gateway-nginx: ${NGINX} is missing (apt-get install nginx-light); these tests are skipped here. .ci/run installs it.\n`);

/** The committed examples/nginx/consentry.conf, with this run's ports, wrapped in a minimal nginx.conf. */
function nginxConfig(prefix: string, ports: { consentry: number; api: number; listen: number }): string {
  const site = readFileSync(join(__dirname, '..', 'examples', 'nginx', 'consentry.conf'), 'utf8')
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${ports.consentry};`)
    .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${ports.api};`)
    .replace('listen 80;', `listen 127.0.0.1:${ports.listen};`);
  return `daemon off;\nworker_processes 1;\nerror_log ${prefix}/error.log warn;\npid ${prefix}/nginx.pid;\nevents { worker_connections 128; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n${site}\n}\n`;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

/** Real nginx (Debian's) with auth_request to Consentry, in front of the example action API. */
(haveNginx ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))('nginx auth_request gateway on %s', (kind) => {
  let t: TestApp;
  let api: Server;
  let nginx: ChildProcess;
  let gateway: string;
  let dev: TestAgent;
  let admin: TestAgent;
  let web: RegisteredClient;
  let v1: RegisteredClient;

  beforeAll(async () => {
    const [consentryPort, apiPort, listenPort] = [await freePort(), await freePort(), await freePort()];
    t = await createTestApp(kind, { PUBLIC_URL: `http://127.0.0.1:${consentryPort}`, TRUST_PROXY: '127.0.0.1' });
    await t.app.listen(consentryPort, '127.0.0.1');
    api = await actionApi.start(apiPort);
    const prefix = mkdtempSync(join(tmpdir(), 'consentry-nginx-'));
    writeFileSync(join(prefix, 'nginx.conf'), nginxConfig(prefix, { consentry: consentryPort, api: apiPort, listen: listenPort }));
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'ignore' });
    gateway = `http://127.0.0.1:${listenPort}`;
    await waitFor(`${gateway}/`);
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    web = await registerClient(dev, admin, { callbackUrl: 'https://web.example.org/cb', grants: ['editpage'] });
    v1 = await registerClient(dev, admin, oauth1Proposal({ grants: ['editpage'] }));
  });
  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
    await t?.close();
  });

  async function userWithTokens(scope?: string) {
    const u = await makeUser(t.app);
    const agent = await loginAgent(t.server, u.username, u.password);
    const tokens = await obtainTokens(t.server, agent, web, scope);
    const creds = await t.app.get(AuthorizationsService).authorize(u, (await t.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
    return { user: u, agent, bearer: `Bearer ${tokens.access_token}`, v1: { key: creds.accessToken!, secret: creds.accessSecret! } };
  }

  const userinfoUrl = () => `${gateway}/w/api.php?action=query&meta=userinfo`;
  const signed = (c: { v1: { key: string; secret: string } }, url: string, method = 'GET', data?: Record<string, string>) =>
    signedHeader(signer(v1.consumerKey, v1.secret), { url, method, data }, c.v1);

  it('lets an OAuth 2 client through with its identity, and checks rights in the API', async () => {
    const c = await userWithTokens();
    const res = await fetch(userinfoUrl(), { headers: { authorization: c.bearer } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { query: { userinfo: Record<string, unknown> } }).query.userinfo).toMatchObject({ id: c.user.id, name: c.user.username, grants: ['basic', 'editpage'], consumer: web.consumerKey });
    const edit = await fetch(`${gateway}/w/api.php?action=edit&title=Sandbox`, { method: 'POST', headers: { authorization: c.bearer } });
    expect(edit.status).toBe(200);
    const narrow = await userWithTokens('basic');
    const denied = await fetch(`${gateway}/w/api.php?action=edit&title=Sandbox`, { method: 'POST', headers: { authorization: narrow.bearer } });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('permissiondenied');
  });

  it('lets an OAuth 1.0a client through, its signature checked over the URL nginx received', async () => {
    const c = await userWithTokens();
    const res = await fetch(userinfoUrl(), { headers: { authorization: signed(c, userinfoUrl()) } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { query: { userinfo: { id: number } } }).query.userinfo.id).toBe(c.user.id);
  });

  it('refuses missing credentials (401 with a challenge) and forged identity headers', async () => {
    const res = await fetch(userinfoUrl(), { headers: { 'x-auth-user-id': '1', 'x-auth-rights': 'edit' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('realm=');
  });

  it('refuses a revoked authorization (401) and a blocked user (403), on the next request', async () => {
    const c = await userWithTokens();
    expect((await fetch(userinfoUrl(), { headers: { authorization: c.bearer } })).status).toBe(200);
    const mine = await c.agent.get('/api/v1/me/authorizations').expect(200);
    await c.agent.delete(`/api/v1/me/authorizations/${mine.body.find((a: { consumer: { consumerKey: string } }) => a.consumer.consumerKey === web.consumerKey).id}`).expect(204);
    expect((await fetch(userinfoUrl(), { headers: { authorization: c.bearer } })).status).toBe(401);
    expect((await fetch(userinfoUrl(), { headers: { authorization: signed(c, userinfoUrl()) } })).status).toBe(200);
    await t.app.get(UsersService).update(c.user.id, { blocked: true });
    expect((await fetch(userinfoUrl(), { headers: { authorization: signed(c, userinfoUrl()) } })).status).toBe(403);
  });

  it('refuses a request from outside the consumer\'s IP restriction (X-Forwarded-For from nginx)', async () => {
    const c = await userWithTokens();
    const fenced = await registerClient(dev, admin, oauth1Proposal());
    const creds = await t.app.get(AuthorizationsService).authorize(c.user, (await t.app.get(ConsumerLookup).findByKey(fenced.consumerKey))!);
    await dev.patch(`/api/v1/consumers/${fenced.consumerKey}`).set('If-Match', fenced.etag).send({ restrictions: ['192.0.2.0/24'], reason: 'x' }).expect(200);
    const header = signedHeader(signer(fenced.consumerKey, fenced.secret), { url: userinfoUrl(), method: 'GET' }, { key: creds.accessToken!, secret: creds.accessSecret! });
    expect((await fetch(userinfoUrl(), { headers: { authorization: header } })).status).toBe(403);
  });
});
