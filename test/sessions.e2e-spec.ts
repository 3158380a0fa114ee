import request from 'supertest';
import { SESSION_COOKIE } from '../src/caller/session-cookie';
import { sha256Hex } from '../src/common/crypto/tokens';
import { SessionStore } from '../src/sessions/session-store';
import { UsersService } from '../src/users/users.service';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf, setCookies } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** Logs in through the form and returns the session cookie's value (the store keeps only its hash). */
async function login(t: TestApp, username: string, password: string): Promise<string> {
  const agent = request.agent(t.server);
  const page = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfTokenOf(page.text), username, password })
    .expect(303);
  const cookie = setCookies(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  return cookie.slice(SESSION_COOKIE.length + 1).split(';')[0];
}

describe.each(databaseKinds())('login sessions on %s', (kind) => {
  let t: TestApp;
  let adminCookie: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { SESSION_IDLE_SECONDS: '3600' });
    const admin = await makeUser(t.app, { groups: ['sysop'] });
    adminCookie = await login(t, admin.username, admin.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (cookie: string) => request(t.server).get('/api/v1/users/me').set('Cookie', `${SESSION_COOKIE}=${cookie}`);

  it("a block ends the user's sessions at once, and a session left over is refused on its next request", async () => {
    const user = await makeUser(t.app);
    const cookie = await login(t, user.username, user.password);
    await me(cookie).expect(200);
    await request(t.server)
      .patch(`/api/v1/users/${user.id}`)
      .set('Cookie', `${SESSION_COOKIE}=${adminCookie}`)
      .send({ blocked: true })
      .expect(200);
    await me(cookie).expect(401);
    expect(await t.app.get(SessionStore).find(sha256Hex(cookie))).toBeNull();

    // Blocked behind the admin service's back (another instance, a database edit): the policy still refuses.
    const other = await makeUser(t.app);
    const otherCookie = await login(t, other.username, other.password);
    await t.app.get(UsersService).update(other.id, { blocked: true });
    await me(otherCookie).expect(401);
  });

  it('a session unused for SESSION_IDLE_SECONDS ends; a used one is kept alive', async () => {
    const user = await makeUser(t.app);
    const idle = await login(t, user.username, user.password);
    const busy = await login(t, user.username, user.password);
    const store = t.app.get(SessionStore);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await store.touch(sha256Hex(idle), hoursAgo(2));
    await store.touch(sha256Hex(busy), hoursAgo(0.5));
    await me(idle).expect(401);
    expect(await store.find(sha256Hex(idle))).toBeNull();
    await me(busy).expect(200);
    // The use was recorded: the session's idle clock starts again.
    const touched = await store.find(sha256Hex(busy));
    expect(Date.now() - touched!.lastSeenAt!.getTime()).toBeLessThan(60_000);
  });
});
