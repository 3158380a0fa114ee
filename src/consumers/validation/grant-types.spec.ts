import { OAUTH2_GRANT_TYPES, validateGrantTypes } from './grant-types';

const confidential = { ownerOnly: false, isConfidential: true };
const publicClient = { ownerOnly: false, isConfidential: false };
const ownerOnly = { ownerOnly: true, isConfidential: true };

describe('validateGrantTypes', () => {
  it.each([
    ['the default', ['authorization_code', 'refresh_token'], confidential],
    ['authorization code alone', ['authorization_code'], confidential],
    [
      'a public client with authorization_code and refresh_token',
      ['authorization_code', 'refresh_token'],
      publicClient,
    ],
    ['every grant type, confidential', [...OAUTH2_GRANT_TYPES], confidential],
    ['client_credentials alone, confidential', ['client_credentials'], confidential],
    ['owner-only with client_credentials', ['client_credentials'], ownerOnly],
  ])('accepts %s', (_label, types, opts) => {
    expect(validateGrantTypes(types, opts)).toEqual([]);
  });

  it("refuses an empty list with MediaWiki's key and text", () => {
    expect(validateGrantTypes([], confidential)).toEqual([
      {
        field: 'oauth2GrantTypes',
        key: 'mwoauth-invalid-field-oauth2GrantTypes',
        message: 'OAuth 2 apps must specify at least one grant type',
      },
    ]);
  });

  it.each([
    ['an unknown type', ['authorization_code', 'implicit'], confidential, [/Unknown grant types: "implicit"/]],
    ['the password grant', ['password'], confidential, [/Unknown grant types: "password"/]],
    ['a wrongly cased type', ['Authorization_Code'], confidential, [/Unknown grant types: "Authorization_Code"/]],
    [
      'a duplicate',
      ['authorization_code', 'authorization_code'],
      confidential,
      [/more than once: "authorization_code"$/],
    ],
    ['owner-only with authorization_code', ['authorization_code'], ownerOnly, [/^Owner-only apps must use exactly/]],
    [
      'owner-only with an extra type',
      ['client_credentials', 'authorization_code'],
      ownerOnly,
      [/^Owner-only apps must use exactly/],
    ],
    [
      'owner-only with client_credentials twice',
      ['client_credentials', 'client_credentials'],
      ownerOnly,
      [/more than once: "client_credentials"$/, /^Owner-only apps must use exactly/],
    ],
    ['client_credentials for a public client', ['client_credentials'], publicClient, [/needs a confidential client$/]],
    [
      'an owner-only public client',
      ['client_credentials'],
      { ownerOnly: true, isConfidential: false },
      [/needs a confidential client$/],
    ],
    ['refresh_token alone', ['refresh_token'], confidential, [/needs authorization_code as well$/]],
    [
      'refresh_token with client_credentials only',
      ['client_credentials', 'refresh_token'],
      confidential,
      [/needs authorization_code as well$/],
    ],
    [
      'several broken rules at once',
      ['refresh_token', 'client_credentials', 'bogus'],
      publicClient,
      [/Unknown grant types: "bogus"/, /needs a confidential client$/, /needs authorization_code as well$/],
    ],
  ])('refuses %s', (_label, types, opts, expected) => {
    const problems = validateGrantTypes(types, opts);
    expect(problems.map((p) => p.message)).toEqual(expected.map((pattern) => expect.stringMatching(pattern)));
    for (const p of problems) {
      expect(p).toMatchObject({ field: 'oauth2GrantTypes', key: 'mwoauth-invalid-field' });
    }
  });

  it('refuses a non-array value as empty rather than throwing', () => {
    const problems = validateGrantTypes(undefined as unknown as string[], confidential);
    expect(problems.map((p) => p.key)).toEqual(['mwoauth-invalid-field-oauth2GrantTypes']);
  });
});
