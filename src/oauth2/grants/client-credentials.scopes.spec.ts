import { AppConfig } from '../../common/config/app-config.service';
import { Consumer } from '../../consumers/consumer.entity';
import { GrantCatalog } from '../../catalog/grant-catalog';
import { OAuth2ProtocolError } from '../../protocol/oauth2';
import { testPolicy } from '../../testing/access';
import { makeAuthorization, makeConsumer, makeUser, OWNER_ID } from '../../testing/entities';
import { rejection } from '../../testing/rejection';
import { FakeAuthorizations, FakeTokenIssuer, FakeUsers } from '../../testing/stores';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { GrantChecks } from './user-checks';

const catalog = GrantCatalog.fromFile();

/** A client_credentials request from `consumer`, with its owner's authorization holding `ownerGrants`. */
function setup(consumer: Consumer, ownerGrants: string[] = consumer.grants) {
  const issuer = new FakeTokenIssuer();
  const authorizations = new FakeAuthorizations(makeAuthorization({ id: 300, userId: OWNER_ID, grants: ownerGrants }));
  const checks = new GrantChecks(
    authorizations.asService(),
    new FakeUsers(makeUser({ id: OWNER_ID })).asService(),
    testPolicy(),
  );
  const grant = new ClientCredentialsGrant(
    issuer.asService(),
    authorizations.asService(),
    checks,
    catalog,
    {} as unknown as AppConfig,
  );
  const request = (scope: string) =>
    grant.handle({ client: { consumer, method: 'client_secret_basic' }, params: { scope }, clientIp: '192.0.2.10' });
  return { request, scopes: () => issuer.issued.map((i) => i.grant.scopes) };
}

/**
 * Scope names are read as /oauth2/authorize reads them (docs/oauth2.md "Scopes"): the legacy
 * grant names that rows and old clients use stand for today's
 * (docs/mediawiki-compatibility.md#rights).
 */
describe('ClientCredentialsGrant: legacy scope names', () => {
  it.each([
    ['useoauth', ['basic', 'editpage', 'import'], ['basic']],
    ['useoauth editpage', ['basic', 'editpage', 'import'], ['basic', 'editpage']],
    ['authonly', ['mwoauth-authonly'], ['mwoauth-authonly']],
    ['authonlyprivate', ['mwoauth-authonlyprivate'], ['mwoauth-authonlyprivate']],
  ])('app-only: scope=%s is the modern grant, not invalid_scope', async (scope, grants, expected) => {
    const { request, scopes } = setup(makeConsumer({ grants }));

    await request(scope);

    expect(scopes()).toEqual([expected]);
  });

  it('owner-only: scope=useoauth is basic', async () => {
    const { request, scopes } = setup(makeConsumer({ ownerOnly: true, grants: ['basic', 'editpage'] }));

    await request('useoauth');

    expect(scopes()).toEqual([['basic']]);
  });

  it('still refuses a legacy name whose grant the client lacks, naming it as sent', async () => {
    const { request, scopes } = setup(makeConsumer({ grants: ['basic', 'editpage'] }));

    const error = await rejection(request('authonly'));

    expect(error).toBeInstanceOf(OAuth2ProtocolError);
    expect(error).toMatchObject({ error: 'invalid_scope', description: "Not among this client's grants: 'authonly'." });
    expect(scopes()).toEqual([]);
  });

  it('refuses an unknown name, bounded in the description', async () => {
    const { request } = setup(makeConsumer());

    const error = await rejection(request(`nonsense ${'x'.repeat(500)}`));

    expect(error).toMatchObject({ error: 'invalid_scope' });
    expect((error as OAuth2ProtocolError).description.length).toBeLessThan(200);
  });
});
