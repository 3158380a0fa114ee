import { AuthorizationsService } from '../../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../../src/consumers/consumer-lookup.service';
import { UsersService } from '../../src/users/users.service';
import { oauth1Proposal } from './consumers';
import { GatewayKind } from './gateways';
import { GatewayStack, rawThrough, through } from './gateway-scenarios';
import { signedHeader, signer } from './oauth1';
import { registerClient } from './oauth2';

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = ['--XX', 'Content-Disposition: form-data; name="action"', '', 'import', '--XX--', ''].join('\r\n');

/**
 * The e2e suite of one real gateway running its committed example configuration, in front of the
 * example action API (docs/gateway.md#which-setup-enforces-what).
 */
export function gatewayTests(kind: GatewayKind): void {
  GatewayStack.describe(kind, 'as documented', {}, (stack) => {
    const userinfo = () => `${stack().url}/w/api.php?action=query&meta=userinfo`;

    it('lets an OAuth 2 client through with its identity, and checks rights in the API', async () => {
      const c = await stack().user();
      const res = await through(userinfo(), { headers: { authorization: c.bearer } });
      expect(res.status).toBe(200);
      expect(res.body.query.userinfo).toMatchObject({
        id: c.user.id,
        name: c.user.username,
        grants: ['basic', 'editpage'],
        consumer: stack().web.consumerKey,
      });
      expect(
        (
          await through(`${stack().url}/w/api.php?action=edit&title=Sandbox`, {
            method: 'POST',
            headers: { authorization: c.bearer },
          })
        ).status,
      ).toBe(200);
      const narrow = await stack().user('basic');
      const denied = await through(`${stack().url}/w/api.php?action=edit&title=Sandbox`, {
        method: 'POST',
        headers: { authorization: narrow.bearer },
      });
      expect([denied.status, denied.body.error?.code]).toEqual([403, 'permissiondenied']);
    });

    it('lets an OAuth 1.0a client through, its signature checked over the URL the gateway received', async () => {
      const c = await stack().shared();
      const res = await through(userinfo(), { headers: { authorization: c.sign(userinfo()) } });
      expect([res.status, res.body.query?.userinfo.id]).toEqual([200, c.user.id]);
    });

    it('refuses missing credentials (401 with a challenge) and forged identity headers', async () => {
      const res = await through(userinfo(), { headers: { 'x-auth-user-id': '1', 'x-auth-rights': 'edit' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('realm=');
    });

    it('passes the identity to the API, never the credential nor client-sent X-Auth-* headers', async () => {
      const c = await stack().shared();
      const forged = {
        'x-auth-user-id': '1',
        'x-auth-user-name': 'Root',
        'x-auth-rights': 'delete import',
        'x-auth-extra': 'x',
      };
      const res = await through(userinfo(), { headers: { authorization: c.bearer, ...forged } });
      expect(res.status).toBe(200);
      expect(res.body.query.userinfo).toMatchObject({ id: c.user.id, name: c.user.username, sawAuthorization: false });
      expect(res.body.query.userinfo.rights).not.toContain('delete');
    });

    it('checks the request the gateway received, not the X-Original-* / X-Forwarded-* the client adds', async () => {
      const c = await stack().shared();
      const claimed = {
        'x-original-uri': '/w/api.php?action=query&meta=userinfo',
        'x-forwarded-uri': '/w/api.php?action=query&meta=userinfo',
        'x-original-method': 'GET',
      };
      // Signed for the URL the client claims, sent to another one: the signature binds the URL.
      const res = await through(`${stack().url}/w/api.php?action=parse&title=Secret`, {
        headers: { authorization: c.sign(userinfo()), ...claimed },
      });
      // nginx overwrites the client's headers (401: the signature is for another URL); Caddy passes
      // X-Original-URI along beside its own X-Forwarded-Uri, and Consentry refuses the two (400).
      expect(res.status).toBe(kind.passesRefusalBody ? 400 : 401);
      if (kind.passesRefusalBody) expect(res.body.error).toBe('gateway_conflicting_headers');
    });

    it('refuses a revoked authorization (401) and a blocked user (403), on the next request', async () => {
      const c = await stack().user();
      expect((await through(userinfo(), { headers: { authorization: c.bearer } })).status).toBe(200);
      const mine = await c.agent.get('/api/v1/me/authorizations').expect(200);
      const web = mine.body.find(
        (a: { consumer: { consumerKey: string } }) => a.consumer.consumerKey === stack().web.consumerKey,
      );
      await c.agent.delete(`/api/v1/me/authorizations/${web.id}`).expect(204);
      expect((await through(userinfo(), { headers: { authorization: c.bearer } })).status).toBe(401);
      expect((await through(userinfo(), { headers: { authorization: c.sign(userinfo()) } })).status).toBe(200);
      await stack().t.app.get(UsersService).update(c.user.id, { blocked: true });
      expect((await through(userinfo(), { headers: { authorization: c.sign(userinfo()) } })).status).toBe(403);
    });

    it("refuses a request from outside the consumer's IP restriction (X-Forwarded-For from the gateway)", async () => {
      const { t, dev, admin } = stack();
      const c = await stack().user();
      const fenced = await registerClient(dev, admin, oauth1Proposal());
      const creds = await t.app
        .get(AuthorizationsService)
        .authorize(c.user, (await t.app.get(ConsumerLookup).findByKey(fenced.consumerKey))!);
      await dev
        .patch(`/api/v1/consumers/${fenced.consumerKey}`)
        .set('If-Match', fenced.etag)
        .send({ restrictions: ['192.0.2.0/24'], reason: 'x' })
        .expect(200);
      const header = signedHeader(
        signer(fenced.consumerKey, fenced.secret),
        { url: userinfo(), method: 'GET' },
        { key: creds.accessToken!, secret: creds.accessSecret! },
      );
      expect((await through(userinfo(), { headers: { authorization: header } })).status).toBe(403);
    });
  });

  GatewayStack.describe(
    kind,
    'DISABLED_API_ACTIONS=parse,import',
    { DISABLED_API_ACTIONS: 'parse,import' },
    (stack) => {
      const refused = (res: { status: number; body: Record<string, any> }, key: string) => {
        expect(res.status).toBe(403);
        if (kind.passesRefusalBody) expect(res.body.error).toBe(key);
      };

      it('answers a GET for an action that is not disabled', async () => {
        const c = await stack().shared();
        expect(
          (
            await through(`${stack().url}/w/api.php?action=query&meta=userinfo`, {
              headers: { authorization: c.bearer },
            })
          ).status,
        ).toBe(200);
      });

      it.each([
        'action=parse',
        '%20action=parse',
        '+action=parse',
        'action%00=parse',
        'action=query&%20action=parse',
        'action[]=parse',
        'action[x]=parse',
      ])('refuses ?%s, a name PHP reads as action', async (query) => {
        const c = await stack().shared();
        refused(
          await through(`${stack().url}/w/api.php?${query}`, { headers: { authorization: c.bearer } }),
          'mwoauth-api-module-disabled',
        );
      });

      it('refuses a Host that would move the query the actions are read from (Host: h?x)', async () => {
        const c = await stack().shared();
        const res = await rawThrough(`${stack().url}/w/api.php?action=parse`, { host: 'h?x', authorization: c.bearer });
        // nginx passes the Host on and Consentry refuses it (403); Caddy's HTTP server refuses it (400).
        expect(res.status).toBe(kind.passesRefusalBody ? 400 : 403);
        expect(res.text).not.toContain('"parse"');
      });

      it.each([
        ['a form body', FORM, 'action=import'],
        ['a form body naming it as PHP reads it', FORM, '%20action=import'],
        ['a multipart body', 'multipart/form-data; boundary=XX', MULTIPART],
        ['a form body with an odd content type', 'Application/X-WWW-Form-URLencoded ;charset=UTF-8', 'action=import'],
      ])('refuses a POST with %s, which the gateway cannot show', async (_, type, body) => {
        const c = await stack().shared();
        const res = await through(`${stack().url}/w/api.php?action=query`, {
          method: 'POST',
          headers: { authorization: c.bearer, 'content-type': type },
          body,
        });
        refused(res, 'gateway_body_unseen');
      });

      it('refuses a POST that the client describes as a GET', async () => {
        const c = await stack().shared();
        const claimed = { 'x-original-method': 'GET', 'x-forwarded-method': 'GET', 'content-type': FORM };
        const res = await through(`${stack().url}/w/api.php?action=query`, {
          method: 'POST',
          headers: { authorization: c.bearer, ...claimed },
          body: 'action=import',
        });
        expect(res.status).toBe(kind.passesRefusalBody ? 400 : 403);
      });
    },
  );
}
