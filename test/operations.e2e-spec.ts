import request from 'supertest';
import { PasswordReset } from '../src/accounts/password-reset.entity';
import { Janitor } from '../src/operations/janitor.service';
import { OAuth2Token } from '../src/tokens/oauth2-token.entity';
import { Session } from '../src/sessions/session.entity';
import { databaseKinds } from './helpers/databases';
import { obtainTokens, registerClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('operations on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the janitor deletes expired tokens, sessions and reset links in batches, and nothing live', async () => {
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const client = await registerClient(
      await loginAgent(t.server, dev.username, dev.password),
      await loginAgent(t.server, admin.username, admin.password),
      { callbackUrl: 'https://j.example.org/cb' },
    );
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const live = await obtainTokens(t.server, agent, client);
    await obtainTokens(t.server, agent, client);
    const tokens = t.dataSource.getRepository(OAuth2Token);
    const all = await tokens.find({ order: { id: 'ASC' } });
    const stale = all.slice(2);
    await tokens.update(
      stale.map((r) => r.id),
      { expiresAt: new Date(Date.now() - 2 * 86_400_000) },
    );
    await t.dataSource.getRepository(Session).update({ userId: dev.id }, { expiresAt: new Date(Date.now() - 1000) });
    const link = (tokenHash: string, expiresAt: Date) => ({
      userId: user.id,
      tokenHash,
      createdAt: new Date(),
      expiresAt,
      usedAt: null,
      requestIp: null,
    });
    await t.dataSource
      .getRepository(PasswordReset)
      .insert([
        link('a'.repeat(64), new Date(Date.now() - 1000)),
        link('b'.repeat(64), new Date(Date.now() + 3600_000)),
      ]);
    const swept = await t.app.get(Janitor).sweep();
    expect(swept).toEqual({ oauth2_tokens: stale.length, sessions: 1, password_resets: 1 });
    expect(await t.dataSource.getRepository(PasswordReset).findBy({ userId: user.id })).toEqual([
      expect.objectContaining({ tokenHash: 'b'.repeat(64) }),
    ]);
    expect(await tokens.count()).toBe(all.length - stale.length);
    await request(t.server)
      .get('/oauth2/resource/profile')
      .set('Authorization', `Bearer ${live.access_token}`)
      .expect(200);
    await agent.get('/api/v1/users/me').expect(200);
    expect(await t.app.get(Janitor).sweep()).toEqual({ oauth2_tokens: 0, sessions: 0, password_resets: 0 });
  });

  it('serves Prometheus metrics by route, with token, cache and janitor counters', async () => {
    await request(t.server).get('/healthz').expect(200);
    const res = await request(t.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(
      /consentry_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} \d+/,
    );
    expect(res.text).toMatch(/consentry_oauth2_tokens_issued_total\{grant_type="authorization_code"\} [1-9]/);
    expect(res.text).toMatch(/consentry_janitor_deleted_rows_total\{table="oauth2_tokens"\} [1-9]/);
    expect(res.text).toContain('consentry_process_resident_memory_bytes');
    // The hot-path caches' hit ratio: the clients above authenticated more than once.
    expect(res.text).toMatch(/consentry_cache_lookups_total\{cache="consumers",result="hit"\} [1-9]/);
    expect(res.text).toMatch(/consentry_cache_lookups_total\{cache="access_tokens",result="miss"\} [1-9]/);
  });
});
