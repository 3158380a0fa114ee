import { Controller, Get, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { Principal } from '../src/principal/principal';
import { User } from '../src/users/user.entity';
import { OAuthPrincipal, OAuthProtected } from '../src/gateway/oauth-protected.guard';
import { GatewayModule } from '../src/gateway/gateway.module';
import { databaseKinds } from './helpers/databases';
import { obtainTokens, registerClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** What a Nest application in the same process writes to protect its own routes. */
@Controller('demo')
class DemoController {
  @Get('whoami')
  @OAuthProtected()
  whoami(@OAuthPrincipal() who: Principal<User | null>) {
    return { user: who.user?.username, grants: who.grants };
  }

  @Post('edit')
  @OAuthProtected({ rights: ['edit'] })
  edit(@OAuthPrincipal() who: Principal<User | null>) {
    return { edited: true, by: who.user?.id };
  }
}

@Module({ imports: [GatewayModule], controllers: [DemoController] })
class DemoModule {}

describe.each(databaseKinds())('@OAuthProtected in a Nest app on %s', (kind) => {
  let t: TestApp;
  let editToken: string;
  let readToken: string;
  let userId: number;

  beforeAll(async () => {
    t = await createTestApp(kind, {}, [DemoModule]);
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const client = await registerClient(
      await loginAgent(t.server, dev.username, dev.password),
      await loginAgent(t.server, admin.username, admin.password),
      { callbackUrl: 'https://demo.example.org/cb', grants: ['editpage'] },
    );
    const alice = await makeUser(t.app);
    userId = alice.id;
    const agent = await loginAgent(t.server, alice.username, alice.password);
    editToken = (await obtainTokens(t.server, agent, client, 'editpage')).access_token;
    const bob = await makeUser(t.app);
    readToken = (await obtainTokens(t.server, await loginAgent(t.server, bob.username, bob.password), client, 'basic'))
      .access_token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('hands the principal to the route', async () => {
    const res = await request(t.server).get('/demo/whoami').set('Authorization', `Bearer ${editToken}`).expect(200);
    expect(res.body).toEqual({ user: expect.any(String), grants: ['basic', 'editpage'] });
  });

  it('checks effective rights', async () => {
    expect(
      (await request(t.server).post('/demo/edit').set('Authorization', `Bearer ${editToken}`).expect(201)).body,
    ).toEqual({ edited: true, by: userId });
    const refused = await request(t.server).post('/demo/edit').set('Authorization', `Bearer ${readToken}`).expect(403);
    expect(refused.body).toEqual({ error: 'mwoauth-insufficient-rights', message: 'This requires the right: edit.' });
  });

  it('refuses missing credentials with 401 and a challenge', async () => {
    const res = await request(t.server).get('/demo/whoami').expect(401);
    expect(res.body.error).toBe('mwoauth-invalid-authorization');
    expect(res.headers['www-authenticate']).toContain('Bearer realm=');
  });
});
