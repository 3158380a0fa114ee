import { GrantCatalog } from './grant-catalog';

// MediaWiki core's $wgGrantPermissions keys in MainConfigSchema order, then the OAuth extension's grants.
const CORE_GRANTS = [
  'basic',
  'highvolume',
  'import',
  'editpage',
  'editprotected',
  'editmycssjs',
  'editmyoptions',
  'editinterface',
  'editsiteconfig',
  'createeditmovepage',
  'uploadfile',
  'uploadeditmovefile',
  'patrol',
  'rollback',
  'blockusers',
  'viewdeleted',
  'viewrestrictedlogs',
  'delete',
  'oversight',
  'protect',
  'viewmywatchlist',
  'editmywatchlist',
  'sendemail',
  'createaccount',
  'privateinfo',
  'mergehistory',
];
const AUTH_ONLY = ['mwoauth-authonly', 'mwoauth-authonlyprivate'];
const ALL_GRANTS = [...CORE_GRANTS, 'oauthmanageownclient', ...AUTH_ONLY];

describe('GrantCatalog (shipped default)', () => {
  const catalog = GrantCatalog.fromFile();

  it('holds exactly the MediaWiki default grants plus the OAuth extension ones, in file order', () => {
    expect(catalog.names).toEqual(ALL_GRANTS);
  });

  it.each(ALL_GRANTS)('describes %s with a description, group and risk', (name) => {
    const grant = catalog.describe(name);
    expect(grant?.name).toBe(name);
    expect(grant?.description.trim()).not.toBe('');
    expect(grant?.group.trim()).not.toBe('');
    expect(grant?.risk.trim()).not.toBe('');
  });

  it.each([
    ['basic', 'hidden', 'low', 'Basic rights'],
    ['editpage', 'page-interaction', 'low', 'Edit existing pages'],
    ['editprotected', 'page-interaction', 'vandalism', 'Edit protected pages'],
    ['editsiteconfig', 'administration', 'security', 'Edit sitewide and user CSS/JS'],
    ['sendemail', 'email', 'security', 'Send email to other users'],
    ['highvolume', 'high-volume', 'low', 'High-volume (bot) access'],
    ['privateinfo', 'private-information', 'low', 'Access private information'],
    ['editmywatchlist', 'watchlist-interaction', 'low', 'Edit your watchlist'],
    ['oauthmanageownclient', 'administration', 'internal', 'Manage your OAuth clients'],
    ['mwoauth-authonly', 'identity', 'low', 'Verify your identity only'],
    ['mwoauth-authonlyprivate', 'identity', 'low', 'Verify your identity, and see your real name and email address'],
  ])('files %s under group %s with risk %s', (name, group, risk, description) => {
    expect(catalog.describe(name)).toMatchObject({ group, risk, description });
  });

  it.each([
    ['basic', ['read', 'autoconfirmed', 'editsemiprotected', 'ipblock-exempt']],
    ['highvolume', ['bot', 'apihighlimits', 'noratelimit', 'markbotedits']],
    ['privateinfo', ['viewmyprivateinfo']],
    ['editpage', ['edit', 'minoredit']],
    ['blockusers', ['block', 'blockemail']],
    ['oversight', ['suppressrevision', 'viewsuppressed']],
    ['oauthmanageownclient', ['mwoauthproposeconsumer', 'mwoauthupdateownconsumer', 'mwoauthmanagemygrants']],
  ])('grant %s carries %p', (grant, rights) => {
    expect([...catalog.rightsOf([grant])]).toEqual(expect.arrayContaining(rights));
  });

  it('keeps basic free of editing and editpage free of page creation', () => {
    expect(catalog.rightsOf(['basic']).has('edit')).toBe(false);
    expect(catalog.rightsOf(['editpage']).has('createpage')).toBe(false);
    expect(catalog.rightsOf(['createeditmovepage']).has('createpage')).toBe(true);
  });

  it('hides basic and nothing else, and never lets it or the auth-only grants be revoked', () => {
    expect(catalog.hiddenGrants).toEqual(['basic']);
    expect(catalog.describe('basic')).toMatchObject({ hidden: true, authOnly: false });
    expect(catalog.authOnlyGrants).toEqual(AUTH_ONLY);
    expect(catalog.irrevocableGrants).toEqual(['basic', ...AUTH_ONLY]);
  });

  it.each(AUTH_ONLY)('%s is auth-only and carries no rights', (name) => {
    expect(catalog.has(name)).toBe(true);
    expect(catalog.isAuthOnly(name)).toBe(true);
    expect(catalog.describe(name)).toMatchObject({ rights: [], authOnly: true, hidden: false });
    expect(catalog.rightsOf([name]).size).toBe(0);
  });

  it.each(['basic', 'editpage', 'nonsense'])('%s is not auth-only', (name) => {
    expect(catalog.isAuthOnly(name)).toBe(false);
  });

  it.each([
    ['useoauth', 'basic'],
    ['authonly', 'mwoauth-authonly'],
    ['authonlyprivate', 'mwoauth-authonlyprivate'],
    ['editpage', 'editpage'],
    ['nonsense', undefined],
    ['constructor', undefined],
    ['', undefined],
  ])('reads %p as %p', (name, expected) => {
    expect(catalog.canonical(name)).toBe(expected);
  });

  it('answers has() for modern names only', () => {
    expect(catalog.has('basic')).toBe(true);
    expect(catalog.has('useoauth')).toBe(false);
    expect(catalog.has('toString')).toBe(false);
    expect(catalog.isAuthOnly('authonly')).toBe(true);
  });

  it.each([
    { input: [], grants: [], unknown: [] },
    { input: ['editpage', 'basic', 'editpage'], grants: ['editpage', 'basic'], unknown: [] },
    { input: ['useoauth', 'basic', 'editpage'], grants: ['basic', 'editpage'], unknown: [] },
    { input: ['authonlyprivate', 'mwoauth-authonlyprivate'], grants: ['mwoauth-authonlyprivate'], unknown: [] },
    { input: ['bogus', 'editpage', 'bogus', 'Editpage'], grants: ['editpage'], unknown: ['bogus', 'Editpage'] },
  ])('normalizes $input', ({ input, grants, unknown }) => {
    expect(catalog.normalize(input)).toEqual({ grants, unknown });
  });

  it('unions the rights of several grants, legacy names included, and ignores unknown ones', () => {
    const union = catalog.rightsOf(['useoauth', 'uploadfile', 'patrol', 'nonsense', 'authonly']);
    expect([...union].sort()).toEqual([...catalog.rightsOf(['basic']), 'upload', 'reupload-own', 'patrol'].sort());
    expect(catalog.rightsOf(['nonsense']).size).toBe(0);
    expect(catalog.rightsOf([]).size).toBe(0);
  });

  it.each([
    [['privateinfo'], true],
    [['basic', 'privateinfo'], true],
    [['mwoauth-authonlyprivate'], true],
    [['authonlyprivate'], true],
    [['mwoauth-authonly'], false],
    [['basic', 'editpage', 'highvolume'], false],
    [['nonsense'], false],
    [[], false],
  ])('seesPrivateInfo(%p) is %p', (grants, expected) => {
    expect(catalog.seesPrivateInfo(grants)).toBe(expected);
  });

  it('describes a grant under its modern name and hands out copies', () => {
    expect(catalog.describe('useoauth')?.name).toBe('basic');
    expect(catalog.describe('nonsense')).toBeUndefined();
    catalog.describe('patrol')!.rights.push('delete');
    expect(catalog.describe('patrol')?.rights).toEqual(['patrol']);
    expect(catalog.rightsOf(['patrol']).has('delete')).toBe(false);
  });

  it('lists every grant once, in file order', () => {
    expect(catalog.list().map((grant) => grant.name)).toEqual(ALL_GRANTS);
    expect(catalog.list().find((grant) => grant.name === 'rollback')).toEqual({
      name: 'rollback',
      description: 'Rollback changes to pages',
      group: 'administration',
      risk: 'low',
      rights: ['rollback'],
      hidden: false,
      authOnly: false,
    });
  });
});

describe('GrantCatalog.fromJson', () => {
  const VALID = {
    hiddenGrants: ['basic'],
    authOnlyGrants: ['who'],
    legacyNames: { useoauth: 'basic' },
    grants: {
      basic: { description: 'Basic', group: 'hidden', risk: 'low', rights: ['read'] },
      edit: { description: 'Edit', group: 'page-interaction', risk: 'low', rights: ['edit'] },
      who: { description: 'Identity', group: 'identity', risk: 'low', rights: [] },
    },
  };
  const WITHOUT = Symbol('without');
  /** A copy of VALID with the value at `path` replaced, or removed when `value` is WITHOUT. */
  const variant = (path: string[], value: unknown): unknown => {
    const copy = structuredClone(VALID) as Record<string, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    if (value === WITHOUT) delete node[path[path.length - 1]];
    else node[path[path.length - 1]] = value;
    return copy;
  };

  it('reads a sound custom catalog', () => {
    const catalog = GrantCatalog.fromJson(VALID);
    expect(catalog.names).toEqual(['basic', 'edit', 'who']);
    expect(catalog.canonical('useoauth')).toBe('basic');
    expect([...catalog.rightsOf(['useoauth', 'edit', 'who'])].sort()).toEqual(['edit', 'read']);
  });

  it('keeps its own copy of the input', () => {
    const raw = structuredClone(VALID);
    const catalog = GrantCatalog.fromJson(raw);
    raw.grants.edit.rights.push('delete');
    raw.hiddenGrants.push('edit');
    expect(catalog.rightsOf(['edit']).has('delete')).toBe(false);
    expect(catalog.hiddenGrants).toEqual(['basic']);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /expected \{/],
    ['an array', [], /expected \{/],
    ['no grants', variant(['grants'], WITHOUT), /expected \{/],
    ['a grant that is not an object', variant(['grants', 'edit'], 'edit'), /"edit" must be an object/],
    ['a blank description', variant(['grants', 'edit', 'description'], '  '), /"edit" needs a non-empty description/],
    ['a grant without group', variant(['grants', 'edit', 'group'], WITHOUT), /"edit" needs a non-empty group/],
    ['a risk that is not text', variant(['grants', 'edit', 'risk'], 3), /"edit" needs a non-empty risk/],
    ['rights as a string', variant(['grants', 'edit', 'rights'], 'edit'), /"edit": rights must be an array of strings/],
    ['rights holding a number', variant(['grants', 'edit', 'rights'], ['edit', 1]), /"edit": rights must be/],
    ['hiddenGrants missing', variant(['hiddenGrants'], WITHOUT), /hiddenGrants must be an array/],
    ['an unknown hidden grant', variant(['hiddenGrants'], ['basic', 'ghost']), /hiddenGrants names "ghost"/],
    ['an unknown auth-only grant', variant(['authOnlyGrants'], ['who', 'ghost']), /authOnlyGrants names "ghost"/],
    ['a prototype key as a grant name', variant(['authOnlyGrants'], ['toString']), /authOnlyGrants names "toString"/],
    [
      'an auth-only grant with rights',
      variant(['grants', 'who', 'rights'], ['read']),
      /auth-only grant "who" must carry no rights/,
    ],
    [
      'a hidden group not listed',
      variant(['grants', 'edit', 'group'], 'hidden'),
      /"edit" must be in hiddenGrants exactly/,
    ],
    [
      'a hidden grant outside the hidden group',
      variant(['grants', 'basic', 'group'], 'other'),
      /"basic" must be in hiddenGrants/,
    ],
    ['legacyNames missing', variant(['legacyNames'], WITHOUT), /legacyNames must map/],
    ['a legacy name to an unknown grant', variant(['legacyNames', 'old'], 'ghost'), /"old" points at "ghost"/],
    ['a legacy name that is a grant', variant(['legacyNames', 'edit'], 'basic'), /legacy name "edit" is also a grant/],
  ])('refuses %s', (_label, raw, message) => {
    expect(() => GrantCatalog.fromJson(raw, 'test.json')).toThrow(message);
    expect(() => GrantCatalog.fromJson(raw, 'test.json')).toThrow(/^test\.json: /);
  });

  it('names the file it cannot read', () => {
    expect(() => GrantCatalog.fromFile('/nonexistent/grants.json')).toThrow(
      /Cannot read the grant catalog \/nonexistent\/grants\.json/,
    );
  });
});
