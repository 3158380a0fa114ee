import { RightsCatalog } from './rights-catalog';

describe('RightsCatalog (shipped default)', () => {
  const catalog = RightsCatalog.fromFile();

  it('has the MediaWiki groups, with * and user implicit', () => {
    expect(catalog.groupNames).toEqual(
      expect.arrayContaining(['*', 'user', 'autoconfirmed', 'bot', 'sysop', 'oauthadmin', 'suppress']),
    );
    expect(catalog.effectiveGroups(['sysop'])).toEqual(['*', 'user', 'sysop']);
    expect(catalog.isAssignable('user')).toBe(false);
    expect(catalog.isAssignable('oauthadmin')).toBe(true);
    expect(catalog.isAssignable('nonsense')).toBe(false);
  });

  it.each([
    ['user', ['mwoauthproposeconsumer', 'mwoauthupdateownconsumer', 'mwoauthmanagemygrants', 'edit', 'read']],
    ['oauthadmin', ['mwoauthmanageconsumer', 'mwoauthviewprivate']],
    ['suppress', ['mwoauthsuppress', 'mwoauthviewsuppressed']],
    ['sysop', ['userrights', 'block', 'delete', 'protect', 'apihighlimits', 'noratelimit']],
    ['bot', ['bot', 'apihighlimits', 'noratelimit']],
  ])('group %s carries %p', (group, rights) => {
    for (const right of rights) expect(catalog.rightsOf([group]).has(right)).toBe(true);
  });

  it('keeps OAuth admin rights out of ordinary accounts', () => {
    const ordinary = catalog.rightsOf(catalog.effectiveGroups([]));
    for (const right of [
      'mwoauthmanageconsumer',
      'mwoauthviewprivate',
      'mwoauthsuppress',
      'mwoauthviewsuppressed',
      'userrights',
    ]) {
      expect(ordinary.has(right)).toBe(false);
    }
  });

  it('gives unknown groups no rights', () => {
    expect(catalog.rightsOf(['nonsense']).size).toBe(0);
  });
});

describe('RightsCatalog.fromJson', () => {
  it.each([
    [null],
    [{}],
    [{ groups: {}, implicitGroups: ['*'] }],
    [{ groups: { '*': { rights: 'read' } }, implicitGroups: ['*'] }],
    [{ groups: { '*': { rights: [1] } }, implicitGroups: ['*'] }],
  ])('refuses the malformed catalog %p', (raw) => {
    expect(() => RightsCatalog.fromJson(raw)).toThrow(/expected/);
  });

  it('reads a custom catalog', () => {
    const catalog = RightsCatalog.fromJson({
      implicitGroups: ['*'],
      groups: { '*': { description: '', rights: ['read'] }, staff: { description: '', rights: ['edit'] } },
    });
    expect([...catalog.rightsOf(catalog.effectiveGroups(['staff']))].sort()).toEqual(['edit', 'read']);
  });
});
