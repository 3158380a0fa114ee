import { OAuth2ProtocolError } from './errors';
import { formatScope, grantsOf, narrowScopes, parseScope } from './scope';

describe('parseScope (RFC 6749 §3.3)', () => {
  it.each([
    [undefined, undefined],
    // RFC 6749 §3.1: a parameter without a value is treated as omitted.
    ['', undefined],
    [' ', []],
    ['basic', ['basic']],
    ['basic editpage', ['basic', 'editpage']],
    ['editpage basic editpage', ['editpage', 'basic']],
    ['  basic   editpage ', ['basic', 'editpage']],
    ['Read read', ['Read', 'read']],
    ['#default', ['#default']],
    ['mwoauth-authonlyprivate', ['mwoauth-authonlyprivate']],
    // The boundaries of %x21 / %x23-5B / %x5D-7E.
    ['! # [ ] ^ ~', ['!', '#', '[', ']', '^', '~']],
    ['https://api.example/read', ['https://api.example/read']],
  ])('%p → %p', (value, expected) => {
    expect(parseScope(value)).toEqual(expected);
  });

  it.each([['a"b'], ['a\\b'], ['a\tb'], ['a\nb'], ['\x7f'], ['é'], ['a\u00a0b'], ['basic\x00']])(
    '%p is invalid_scope',
    (value) => {
      let thrown: unknown;
      try {
        parseScope(value);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(OAuth2ProtocolError);
      expect(thrown).toMatchObject({ error: 'invalid_scope', status: 400 });
    },
  );
});

describe('formatScope', () => {
  it.each([
    [[], ''],
    [['basic'], 'basic'],
    [['basic', 'editpage'], 'basic editpage'],
    [['editpage', 'basic', 'editpage'], 'editpage basic'],
  ])('%p → %p', (scopes, expected) => {
    expect(formatScope(scopes)).toBe(expected);
  });

  it('round-trips through parseScope', () => {
    expect(parseScope(formatScope(['b', 'a', '#default']))).toEqual(['b', 'a', '#default']);
  });
});

describe('narrowScopes', () => {
  it('keeps the scopes the grants still cover, and openid always', () => {
    expect(narrowScopes(['openid', 'basic', 'editpage', 'createaccount'], ['basic', 'editpage'])).toEqual([
      'openid',
      'basic',
      'editpage',
    ]);
    expect(narrowScopes(['editpage'], [])).toEqual([]);
  });
});

describe('grantsOf (OpenID Connect Core §3.1.2.1: openid is not a grant)', () => {
  it.each([
    [[], []],
    [['openid'], []],
    // The OIDC Core §3.1.2.1 example asks for `openid profile email`.
    [
      ['openid', 'profile', 'email'],
      ['profile', 'email'],
    ],
    [
      ['basic', 'openid', 'editpage'],
      ['basic', 'editpage'],
    ],
    [
      ['editpage', 'basic'],
      ['editpage', 'basic'],
    ],
    // Scope tokens are case-sensitive (RFC 6749 §3.3): only `openid` itself is OpenID Connect's.
    [
      ['OpenID', 'openid2'],
      ['OpenID', 'openid2'],
    ],
  ])('%p → %p', (scopes, expected) => {
    expect(grantsOf(scopes)).toEqual(expected);
  });
});
